using ActorPipeline.Ml.Experiments;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Sweeps;

public sealed class SweepCostEstimateTests
{
    [Fact]
    public void The_paper_protocol_counts_as_the_paper_describes()
    {
        var cifar2 = SweepCostEstimate.Of(ProblemPlan.Paper("cifar2"));
        // 1 dense + 20 repetitions × 20 iterations; 50 epochs each; 10,000 training and 2,000 test images; 5,000 probe images through 2 networks.
        Assert.Equal((401, 50 + 400 * 50L, 20_050L * 10_000, 20_050L * 2_000, 400 * 5_000 * 2L, false),
            (cifar2.Trainings, cifar2.Epochs, cifar2.TrainingImages, cifar2.EvaluationImages, cifar2.ProbeImages, cifar2.UpperBound));

        var cifar10 = SweepCostEstimate.Of(ProblemPlan.Paper("cifar10"));
        // Early stopping: 10% of the 50,000 training images validate (and are evaluated each epoch), the counts are upper bounds.
        Assert.Equal((200 + 400 * 200L, 80_200L * 45_000, 80_200L * (10_000 + 5_000), true),
            (cifar10.Epochs, cifar10.TrainingImages, cifar10.EvaluationImages, cifar10.UpperBound));
    }

    [Fact]
    public void Limits_cap_the_images_and_the_wall_time_divides_over_the_devices()
    {
        var plan = ProblemPlan.Paper("cifar4") with { TrainLimit = 300, TestLimit = 100, ProbeSize = 200, Repetitions = 2, Iterations = 2, DenseEpochs = 3, ImpEpochs = 1 };
        var estimate = SweepCostEstimate.Of(plan);
        Assert.Equal((5, 7L, 7L * 300, 7L * 100, 4 * 200 * 2L), (estimate.Trainings, estimate.Epochs, estimate.TrainingImages, estimate.EvaluationImages, estimate.ProbeImages));
        double seconds = (7 * 300 + (7 * 100 + 1600) / 3.0) / 100.0;
        Assert.Equal(seconds, estimate.WallTime(100, devices: 1).TotalSeconds, 6);
        Assert.Equal(seconds / 4, estimate.WallTime(100, devices: 4).TotalSeconds, 6);
    }
}
