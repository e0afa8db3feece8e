using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Compute;

/// <summary>The real compute: the recipe of ActorPipeline.Ml (<see cref="DenseRun"/>, <see cref="RepetitionRun"/>) on the leased device.</summary>
/// <param name="dataChecksum">The md5 of the CIFAR-10 copy this node reads, for the steps' provenance.</param>
public sealed class TorchExperimentCompute(IProblemDataProvider data, string dataChecksum = "") : IExperimentCompute
{
    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var problemData = data.Get(plan);
        var target = ComputeDevices.ParseOne(device);
        var result = DenseRun.Train(plan, problemData, target, folder,
            report => progress?.Report(new TrainingProgress("dense training", report.Epoch, plan.DenseEpochs, report.TestAccuracy, report.ImagesPerSecond)),
            cancellation);
        // The seed baselines belong to the dense step: they need its network and nothing else (each resumes or is skipped like it).
        var baselines = Enumerable.Range(1, plan.SeedBaseline).Select(baseline => SeedBaselineRun.Run(plan, problemData, target, folder, baseline,
                report => progress?.Report(new TrainingProgress($"seed baseline {baseline}", report.Epoch, plan.DenseEpochs, report.TestAccuracy, report.ImagesPerSecond)),
                cancellation))
            .ToList();
        return new DenseOutcome(result.FinalWeightsPath, result.RewindWeightsPath, result.EpochsRun, result.FinalTestAccuracy)
        {
            SeedBaselines = baselines,
            Provenance = StepProvenance.From(ComputeProvenance.Capture(target), dataChecksum), // on the thread that trained, with the plan's settings applied
        };
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device)
    {
        var target = ComputeDevices.ParseOne(device);
        return new TorchRepetitionSession(plan, new RepetitionRun(plan, data.Get(plan), denseFolder, repetition, folder, target), target, dataChecksum);
    }
}
