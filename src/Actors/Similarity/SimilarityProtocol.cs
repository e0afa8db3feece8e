using ActorPipeline.Actors.Compute;
using Akka.Actor;

namespace ActorPipeline.Actors.Similarity;

/// <summary>
/// Probe batch <paramref name="Batch"/> of an iteration's measurement, one layer in both networks (the actor
/// disposes the tensors). Batch 0 starts a fresh measurement; batches must come in order. Answered with
/// <see cref="LayerBatchAccumulated"/> or <see cref="LayerProbeFailed"/>.
/// </summary>
public sealed record AccumulateLayerBatch(int Iteration, int Batch, LayerActivations Activations, string? TraceParent) : INoSerializationVerificationNeeded;

/// <summary>Replies of a similarity actor.</summary>
public interface ILayerProbeReply : INoSerializationVerificationNeeded;

public sealed record LayerBatchAccumulated(string Layer, int Iteration, int Batch, long Datapoints) : ILayerProbeReply;

/// <summary>All batches sent: answered with <see cref="LayerMeasured"/> or <see cref="LayerProbeFailed"/>.</summary>
public sealed record FinishLayerProbe(int Iteration) : INoSerializationVerificationNeeded;

/// <summary>A layer's metrics for one iteration.</summary>
public sealed record LayerMeasured(Ml.Experiments.LayerSimilarity Similarity) : ILayerProbeReply;

/// <summary>
/// The layer's measurement of <paramref name="Iteration"/> failed; it starts afresh with the next batch 0.
/// <paramref name="Deterministic"/>: the same measurement would fail again (see <see cref="Ml.DeterministicFailureException"/>).
/// </summary>
public sealed record LayerProbeFailed(string Layer, int Iteration, string Error, bool Deterministic = false) : ILayerProbeReply;
