using ActorPipeline.Actors.Compute;

namespace ActorPipeline.Actors.Similarity;

/// <summary>One probe batch (the first of a new iteration starts a fresh measurement) of the layer in both networks; the actor disposes the tensors. Answered with <see cref="LayerBatchAccumulated"/>.</summary>
public sealed record AccumulateLayerBatch(int Iteration, LayerActivations Activations, string? TraceParent);

public sealed record LayerBatchAccumulated(string Layer, int Iteration, long Datapoints);

/// <summary>All batches sent: answered with <see cref="LayerSimilarity"/> (or a failure naming the layer).</summary>
public sealed record FinishLayerProbe(int Iteration);

/// <summary>A layer's metrics for one iteration: the only thing about similarity that leaves the device.</summary>
public sealed record LayerSimilarity(string Layer, int LayerIndex, long Datapoints, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string> Warnings);
