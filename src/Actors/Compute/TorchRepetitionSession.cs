using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Experiments;
using static TorchSharp.torch;

namespace ActorPipeline.Actors.Compute;

/// <summary>A <see cref="RepetitionRun"/> seen through the actors' seam: outcomes and activations as their messages carry them, each step with its provenance.</summary>
internal sealed class TorchRepetitionSession(ProblemPlan plan, RepetitionRun run, Device device, string dataChecksum) : IRepetitionSession
{
    public IReadOnlyList<ProbeLayer> Layers => run.Layers;

    public int ProbeBatches => run.ProbeBatches;

    public StepProvenance? Provenance { get; private set; }

    public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var result = run.TrainIteration(iteration,
            report => progress?.Report(new TrainingProgress("training", report.Epoch, plan.ImpEpochs, report.TestAccuracy, report.ImagesPerSecond)),
            cancellation);
        return IterationOutcome.From(result) with { Provenance = Capture() };
    }

    public IReadOnlyList<LayerActivations> Probe(int iteration, int index)
    {
        var batch = run.ProbeBatch(iteration, index).Select(pair => new LayerActivations(pair.Layer, pair.Dense, pair.Pruned)).ToList();
        Provenance = Capture();
        return batch;
    }

    /// <summary>Read on the calling (compute) thread, right after the run applied the plan's settings there.</summary>
    private StepProvenance Capture() => StepProvenance.From(ComputeProvenance.Capture(device), dataChecksum);

    public void Dispose() => run.Dispose();
}
