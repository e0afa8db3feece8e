using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Events;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// How a finished step's results become the event that records it: the journal's events know nothing of the compute
/// records they are made from (their shape is the journal's, and outlives any change there). Used by the problem's decider and
/// by `imp`, which folds the same events.
/// </summary>
public static class StepEvents
{
    public static IterationTrained Trained(string problem, int repetition, IterationOutcome outcome) =>
        new(problem, repetition, outcome.Iteration, outcome.ConvSparsity, outcome.FcSparsity, outcome.OverallSparsity, outcome.TestAccuracy, outcome.Epochs)
        {
            Provenance = Recorded(outcome.Provenance),
        };

    /// <summary>The layers in their probe order, each with its defined and undefined values.</summary>
    public static SimilarityMeasured Measured(string problem, int repetition, int iteration, IEnumerable<LayerSimilarity> layers, StepProvenance? provenance = null) =>
        new(problem, repetition, iteration, Metrics(layers)) { Provenance = Recorded(provenance) };

    /// <summary>A step's provenance as the journal records it; none where the report had none.</summary>
    public static RecordedProvenance? Recorded(StepProvenance? p) =>
        p is null ? null : new(p.Node, p.Device, p.DeviceName, p.Libtorch, p.TorchSharp, p.Threads, p.Deterministic, p.DataMd5);

    /// <summary>A seed baseline with its layers in probe order, as the dense step's event records it.</summary>
    public static SeedBaselineMeasured SeedBaseline(SeedBaselineResult baseline) =>
        new(baseline.Baseline, baseline.Seed, baseline.Epochs, baseline.TestAccuracy, Metrics(baseline.Layers));

    private static IReadOnlyList<LayerMetrics> Metrics(IEnumerable<LayerSimilarity> layers) =>
        layers.OrderBy(l => l.LayerIndex).Select(l => new LayerMetrics(l.Layer, l.LayerIndex, l.Values)
        {
            Undefined = l.Undefined,
            IntrinsicDimension = Estimate(l.IntrinsicDimension),
            DenseIntrinsicDimension = Estimate(l.DenseIntrinsicDimension),
        }).ToList();

    private static IntrinsicDimensionEstimate? Estimate(LayerIntrinsicDimension? id) =>
        id is null ? null : new(id.Dimension, id.Undefined, id.Points, id.Features, id.DuplicatePoints, id.TiedPoints);
}
