using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Compute;

/// <summary>A <see cref="RepetitionRun"/> seen through the actors' seam: outcomes and activations as their messages carry them.</summary>
internal sealed class TorchRepetitionSession(ProblemPlan plan, RepetitionRun run) : IRepetitionSession
{
    public IReadOnlyList<ProbeLayer> Layers => run.Layers;

    public int ProbeBatches => run.ProbeBatches;

    public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var result = run.TrainIteration(iteration,
            report => progress?.Report(new TrainingProgress("training", report.Epoch, plan.ImpEpochs, report.TestAccuracy, report.ImagesPerSecond)),
            cancellation);
        return IterationOutcome.From(result);
    }

    public IReadOnlyList<LayerActivations> Probe(int iteration, int index) =>
        run.ProbeBatch(iteration, index).Select(pair => new LayerActivations(pair.Layer, pair.Dense, pair.Pruned)).ToList();

    public void Dispose() => run.Dispose();
}
