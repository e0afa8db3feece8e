using ActorPipeline.Ml.Experiments;
using ActorPipeline.Actors.Persistence;

namespace ActorPipeline.Host.Planning;

/// <summary>
/// What a sweep will do, counted from its plan before it runs: trainings, epochs, training images to process, probe
/// passes, and a wall-time estimate from a training throughput (images/s on one device). Early stopping can only
/// shorten a training, so with it the counts are upper bounds. CIFAR-10 has 5,000 training and 1,000 test images per class.
/// </summary>
public sealed record SweepCostEstimate(string Problem, int Trainings, long Epochs, long TrainingImages, long EvaluationImages, long ProbeImages, bool UpperBound)
{
    /// <summary>Images one epoch trains on (the training split, without the validation images).</summary>
    public long TrainImagesPerEpoch => Epochs == 0 ? 0 : TrainingImages / Epochs;

    private const int TrainImagesPerClass = 5_000;
    private const int TestImagesPerClass = 1_000;
    private const double ValidationFraction = 0.1;

    public static SweepCostEstimate Of(ProblemPlan plan)
    {
        int classes = Ml.Data.Problems.Get(plan.Problem).ClassCount;
        long train = Math.Min(plan.TrainLimit ?? long.MaxValue, classes * TrainImagesPerClass);
        if (plan.Patience is not null) train -= (long)Math.Round(train * ValidationFraction); // the validation split trains nothing
        long evaluated = Math.Min(plan.TestLimit ?? long.MaxValue, classes * TestImagesPerClass) + (plan.Patience is not null ? (long)Math.Round(Math.Min(plan.TrainLimit ?? long.MaxValue, classes * TrainImagesPerClass) * ValidationFraction) : 0);
        int impTrainings = plan.Repetitions * plan.Iterations;
        // the seed baselines are dense trainings, each measured once against the main dense network
        long epochs = (1L + plan.SeedBaseline) * plan.DenseEpochs + (long)impTrainings * plan.ImpEpochs;
        long probe = Math.Min(plan.ProbeSize, classes * TrainImagesPerClass);
        return new SweepCostEstimate(plan.Problem, 1 + plan.SeedBaseline + impTrainings, epochs, epochs * train, epochs * evaluated,
            (impTrainings + plan.SeedBaseline) * probe * 2L, plan.Patience is not null);
    }

    /// <summary>
    /// Wall time on <paramref name="devices"/> devices that each train <paramref name="imagesPerSecond"/> images/s. A forward pass
    /// (evaluation, probing) costs about a third of a training step; work is assumed spread evenly over the devices, and
    /// several slots per device are assumed to add no throughput (they help only where one training cannot fill a GPU).
    /// </summary>
    public TimeSpan WallTime(double imagesPerSecond, int devices) =>
        TimeSpan.FromSeconds((TrainingImages + (EvaluationImages + ProbeImages) / 3.0) / imagesPerSecond / Math.Max(1, devices));
}
