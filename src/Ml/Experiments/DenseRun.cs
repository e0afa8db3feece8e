using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The dense stage of the recipe: a problem's network initialised from the plan's seed and trained in its own
/// folder by <see cref="DenseTrainingJob"/> (rewind point, final weights; resumable, skipped when done). The
/// sweep's dense trainer and `train` both call it.
/// </summary>
public static class DenseRun
{
    public static DenseTrainingResult Train(ProblemPlan plan, ProblemData data, Device device, string folder,
        Action<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        using var settings = plan.Compute().Use(); // before the first tensor: the same threads and kernels on every node
        using var splits = DeviceSplits.Create(data, device);
        using var model = plan.NewNetwork();
        model.to(device);
        using (var generator = new Generator(plan.InitializationSeed(), device)) model.Initialize(generator);
        return new DenseTrainingJob(folder).Run(model, splits.Training, plan.DenseTraining(), plan.RewindEpoch,
            plan.Augment ? new BatchAugmentation() : null, progress, cancellation);
    }

    /// <summary>The finished dense training in <paramref name="folder"/>; an error saying what to run when there is none.</summary>
    public static DenseTrainingResult Load(string folder) =>
        new DenseTrainingJob(folder).TryLoadResult()
        ?? throw new InvalidOperationException($"The dense training in {folder} is not finished (no {DenseTrainingJob.SummaryFile}); it must be before repetitions start.");
}
