using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// What one worker attempt runs: a repetition of a problem, from the first step not yet recorded, with the problem's finished
/// dense network; folders resolved on this node. <paramref name="Node"/> names the node in the traces.
/// </summary>
public sealed record RepetitionAssignment(ProblemPlan Plan, string DenseFolder, int Repetition, RepetitionStep Start, string Folder, string? TraceParent, string? Node = null);
