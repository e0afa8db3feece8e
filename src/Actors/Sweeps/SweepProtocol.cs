using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Serialization;

namespace ActorPipeline.Actors.Sweeps;

/// <summary>Runs (or resumes) the coordinator's sweep; answered with <see cref="SweepOutcome"/> when every problem is.</summary>
public sealed record RunSweep(string? TraceParent) : IRemoteMessage;

/// <summary>The final state of every problem, in the plan's order.</summary>
public sealed record SweepOutcome(string SweepId, IReadOnlyList<ProblemOutcome> Problems) : IRemoteMessage;
