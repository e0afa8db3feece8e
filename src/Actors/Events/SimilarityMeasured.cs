namespace ActorPipeline.Actors.Events;

/// <summary>Every layer of an iteration's pruned network compared with the dense one on the probe set.</summary>
public sealed record SimilarityMeasured(string Problem, int Repetition, int Iteration, IReadOnlyList<LayerMetrics> Layers) : IPipelineEvent;

/// <summary>One layer's metric values (keys: svcca, svcca_google_mean, cca, pwcca, cka, nbs).</summary>
public sealed record LayerMetrics(string Layer, int LayerIndex, IReadOnlyDictionary<string, double> Values);
