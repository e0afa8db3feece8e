namespace ActorPipeline.Actors.Plans;

/// <summary>
/// Where a repetition continues: at <see cref="Iteration"/>, skipping its training when only the measurement is missing.
/// Decided by the problem's recorded state, carried by the work order, followed by the worker.
/// </summary>
public sealed record RepetitionStep(int Iteration, bool MeasureOnly);
