namespace ActorPipeline.Actors.Problems;

/// <summary>Asks a problem supervisor to run (or resume) its problem; answered with <see cref="ProblemFinished"/>.</summary>
public sealed record RunProblem(string? TraceParent);

/// <summary>The problem's final state: every recorded iteration and measurement, and what failed.</summary>
public sealed record ProblemFinished(string Problem, ProblemState State);
