using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// Events, records and commands of a <see cref="ProblemDecider"/> as one short line each, so a test's expectation reads
/// like the rule it checks (and a failure shows the whole decision). Progress and log lines are left out unless asked for.
/// </summary>
internal static class DeciderText
{
    public static string Of(IPipelineEvent e) => e switch
    {
        DenseTrained d => $"DenseTrained {d.FinalWeights} {d.RewindWeights}",
        DenseAttemptFailed a => $"DenseAttemptFailed #{a.Attempt}: {a.Error}",
        DenseFailed f => $"DenseFailed after {f.Attempts}: {f.Error}",
        IterationTrained t => $"IterationTrained r{t.Repetition} i{t.Iteration}",
        SimilarityMeasured m => $"SimilarityMeasured r{m.Repetition} i{m.Iteration}",
        RepetitionAttemptFailed a => $"RepetitionAttemptFailed r{a.Repetition} #{a.Attempt}: {a.Error}",
        RepetitionFailed f => $"RepetitionFailed r{f.Repetition} after {f.Attempts}: {f.Error}",
        RepetitionCompleted c => $"RepetitionCompleted r{c.Repetition}",
        _ => e.ToString()!,
    };

    public static string Of(RecordEvent record) => $"{Of(record.Event)} → {record.Then}";

    public static string Of(IProblemCommand command) => command switch
    {
        OfferAssignment o => o.Start is { } start ? $"Offer {o.Work} from {start.Iteration}{(start.MeasureOnly ? " (measure)" : "")}" : $"Offer {o.Work}",
        CloseAssignment c => $"Close {c.AssignmentId}{(c.Error is null ? "" : $" error: {c.Error}")}{(c.RevokedBecause is null ? "" : $" revoked: {c.RevokedBecause}")}",
        WithdrawAssignment w => $"Withdraw {w.AssignmentId}",
        ScheduleRetry r => $"Retry {r.Work} in {r.Delay.TotalSeconds}s",
        ConfirmStepToReporter c => $"Confirm {Of(c.Step)} now",
        HoldReporterUntilRecorded h => $"Hold for {Of(h.Step)}",
        ConfirmStepToHeldReporters c => $"Confirm {Of(c.Step)} to held",
        PublishProgress p => $"Progress {p.Progress.StepsDone}/{p.Progress.StepsTotal}{(p.Progress.Finished ? " finished" : "")}",
        PublishStorageFault f => $"StorageFault {f.Fault.Path}: {f.Fault.Error}, retry in {f.Fault.RetryIn.TotalSeconds}s",
        WriteLog l => $"{l.Level}: {l.Message}",
        FinishProblem f => $"Finish ({f.State.CompletedRepetitions} completed, {f.State.FailedRepetitions} failed{(f.State.DenseFailure is null ? "" : ", dense failed")})",
        _ => command.ToString()!,
    };

    public static string Of(StepKey step) => $"r{step.Repetition} i{step.Iteration} {(step.Measurement ? "measured" : "trained")}";

    public static IReadOnlyList<string> Records(ProblemDecision decision) => decision.Records.Select(Of).ToList();

    /// <summary>The commands that act on work and workers: no progress, no log lines.</summary>
    public static IReadOnlyList<string> Commands(ProblemDecision decision) =>
        decision.Commands.Where(c => c is not (PublishProgress or WriteLog)).Select(Of).ToList();

    public static IReadOnlyList<string> All(ProblemDecision decision) => decision.Commands.Select(Of).ToList();
}
