using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Actors.Compute;

/// <summary>The real compute: TorchSharp training, IMP and probing on the leased device, through the jobs of ActorPipeline.Ml.</summary>
public sealed class TorchExperimentCompute(IProblemDataProvider data) : IExperimentCompute
{
    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var target = ComputeDevices.ParseOne(device);
        var problem = data.Get(plan);
        using var splits = DeviceSplits.Create(problem, target);
        using var model = NewNetwork(plan, target);
        using (var generator = new Generator(SeedStreams.Derive(plan.Seed, "init"), target)) model.Initialize(generator);
        var options = DenseOptions(plan);
        var result = new DenseTrainingJob(folder).Run(model, splits.Training, options, plan.RewindEpoch, plan.Augment ? new BatchAugmentation() : null,
            report => progress?.Report(new TrainingProgress("dense training", report.Epoch, options.Epochs, report.TestAccuracy, report.ImagesPerSecond)),
            cancellation);
        return new DenseOutcome(result.FinalWeightsPath, result.RewindWeightsPath, result.EpochsRun, result.FinalTestAccuracy);
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, DenseOutcome dense, int repetition, string folder, string device) =>
        new TorchRepetitionSession(plan, data.Get(plan), dense, repetition, folder, ComputeDevices.ParseOne(device));

    internal static PaperCnn NewNetwork(ProblemPlan plan, Device device)
    {
        var model = new PaperCnn(ArchitectureSpec.Parse(plan.Architecture), Ml.Data.Problems.Get(plan.Problem).ClassCount);
        model.to(device);
        return model;
    }

    internal static TrainingOptions DenseOptions(ProblemPlan plan) => new()
    {
        Epochs = plan.DenseEpochs,
        BatchSize = plan.BatchSize,
        EarlyStoppingPatience = plan.Patience,
        Augment = plan.Augment,
        Seed = plan.Seed,
    };
}
