using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Compute;

/// <summary>The real compute: the recipe of ActorPipeline.Ml (<see cref="DenseRun"/>, <see cref="RepetitionRun"/>) on the leased device.</summary>
public sealed class TorchExperimentCompute(IProblemDataProvider data) : IExperimentCompute
{
    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var result = DenseRun.Train(plan, data.Get(plan), ComputeDevices.ParseOne(device), folder,
            report => progress?.Report(new TrainingProgress("dense training", report.Epoch, plan.DenseEpochs, report.TestAccuracy, report.ImagesPerSecond)),
            cancellation);
        return new DenseOutcome(result.FinalWeightsPath, result.RewindWeightsPath, result.EpochsRun, result.FinalTestAccuracy);
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device) =>
        new TorchRepetitionSession(plan, new RepetitionRun(plan, data.Get(plan), denseFolder, repetition, folder, ComputeDevices.ParseOne(device)));
}
