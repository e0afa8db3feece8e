using ActorPipeline.Actors.Problems;
using Akka.Actor;

namespace ActorPipeline.Actors.Sweeps;

/// <summary>
/// Runs (or resumes) the coordinator's sweep; answered with <see cref="SweepOutcome"/> when every problem is. Asked by the
/// process that runs the coordinator (in a cluster, the singleton on its own node), so neither crosses a node: the
/// answer holds every recorded result, which a node never needs.
/// </summary>
public sealed record RunSweep(string? TraceParent) : INoSerializationVerificationNeeded;

/// <summary>The final state of every problem, in the plan's order.</summary>
public sealed record SweepOutcome(string SweepId, IReadOnlyList<ProblemOutcome> Problems) : INoSerializationVerificationNeeded;
