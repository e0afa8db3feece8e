namespace ActorPipeline.Host.Reports;

/// <summary>
/// A repetition (or a problem's dense training, <see cref="Repetition"/> null) recorded as failed in results.json:
/// its cause, the attempts made and how many IMP iterations it had recorded before (left out of every median).
/// </summary>
public sealed record FailedWork(string Problem, int? Repetition, int Attempts, string Cause, int IterationsRecorded);
