using Akka.Actor;

namespace ActorPipeline.Actors.Problems;

/// <summary>Asks a problem supervisor to run (or resume) its problem; answered with <see cref="ProblemOutcome"/>.</summary>
public sealed record RunProblem(string? TraceParent) : INoSerializationVerificationNeeded;

/// <summary>
/// The problem's final state: every recorded iteration and measurement, and what failed. <paramref name="Abandoned"/>
/// says why the sweep stopped working on it without finishing (not a failure of its work: a rerun resumes it).
/// </summary>
public sealed record ProblemOutcome(string Problem, ProblemState State, string? Abandoned = null) : INoSerializationVerificationNeeded;
