using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Events;

/// <summary>Every layer of an iteration's pruned network compared with the dense one on the probe set.</summary>
public sealed record SimilarityMeasured(string Problem, int Repetition, int Iteration, IReadOnlyList<LayerMetrics> Layers) : IPipelineEvent
{
    public static SimilarityMeasured From(string problem, int repetition, int iteration, IEnumerable<LayerSimilarity> layers) =>
        new(problem, repetition, iteration, layers.OrderBy(l => l.LayerIndex).Select(l => new LayerMetrics(l.Layer, l.LayerIndex, l.Values)).ToList());
}

/// <summary>One layer's metric values, keyed by <see cref="Ml.Similarity.SimilarityMetrics.ResultNames"/>.</summary>
public sealed record LayerMetrics(string Layer, int LayerIndex, IReadOnlyDictionary<string, double> Values);
