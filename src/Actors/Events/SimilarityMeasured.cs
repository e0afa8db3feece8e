namespace ActorPipeline.Actors.Events;

/// <summary>Every layer of an iteration's pruned network compared with the dense one on the probe set.</summary>
public sealed record SimilarityMeasured(string Problem, int Repetition, int Iteration, IReadOnlyList<LayerMetrics> Layers) : IPipelineEvent
{
    /// <summary>Where and how it was measured (new in similarity-measured.v4; none in older events).</summary>
    public RecordedProvenance? Provenance { get; init; }
}

/// <summary>One layer's metric values, keyed by <see cref="Ml.Similarity.SimilarityMetrics.ResultNames"/>.</summary>
public sealed record LayerMetrics(string Layer, int LayerIndex, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>
    /// Values measured but undefined on this layer (name → reason), e.g. every metric of a collapsed layer. New in
    /// similarity-measured.v2; a v1 event has none (v1 could not record a collapsed layer: it failed the attempt).
    /// </summary>
    public IReadOnlyDictionary<string, string> Undefined { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The pruned network's intrinsic dimension of the layer; null when not measured. New in similarity-measured.v3, like
    /// <see cref="DenseIntrinsicDimension"/> (the dense network's, recorded with the one measurement that took it): an older
    /// event has neither.
    /// </summary>
    public IntrinsicDimensionEstimate? IntrinsicDimension { get; init; }

    public IntrinsicDimensionEstimate? DenseIntrinsicDimension { get; init; }

    /// <summary>A layer with an undefined value: degenerate (collapsed) at this iteration.</summary>
    public bool IsDegenerate => Undefined.Count > 0;
}
