using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>What one worker attempt runs: a repetition of a problem, from the first step not yet recorded.</summary>
public sealed record RepetitionAssignment(ProblemPlan Plan, DenseOutcome Dense, int Repetition, RepetitionStep Start, string Folder, string? TraceParent);
