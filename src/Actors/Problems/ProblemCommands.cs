using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using Akka.Event;

namespace ActorPipeline.Actors.Problems;

// What a ProblemDecider asks its supervisor to carry out, besides recording events: plain data, in the order given.

/// <summary>An effect of a decision (see <see cref="ProblemDecision.Commands"/>).</summary>
public interface IProblemCommand;

/// <summary>Offer <paramref name="Work"/> to the dispatcher as assignment <paramref name="AssignmentId"/>, from <paramref name="Start"/> (null: the dense training).</summary>
public sealed record OfferAssignment(string AssignmentId, ProblemWork Work, RepetitionStep? Start) : IProblemCommand;

/// <summary>
/// The assignment is over (done, failed with <paramref name="Error"/>, revoked because of <paramref name="RevokedBecause"/>,
/// or withdrawn): its spans end, and its later reports are dropped.
/// </summary>
public sealed record CloseAssignment(string AssignmentId, string? Error = null, string? RevokedBecause = null) : IProblemCommand;

/// <summary>Tell the dispatcher the problem no longer wants the assignment (out of the queue, or cancelled on its node).</summary>
public sealed record WithdrawAssignment(string AssignmentId) : IProblemCommand;

/// <summary>Start <paramref name="Work"/> again after <paramref name="Delay"/> (answered with <see cref="RetryDue"/>).</summary>
public sealed record ScheduleRetry(ProblemWork Work, TimeSpan Delay) : IProblemCommand;

/// <summary>Answer the reporter at once: its step is recorded already.</summary>
public sealed record ConfirmStepToReporter(StepKey Step) : IProblemCommand;

/// <summary>The reporter waits for <paramref name="Step"/> to be recorded (with everyone who reported it meanwhile).</summary>
public sealed record HoldReporterUntilRecorded(StepKey Step) : IProblemCommand;

/// <summary><paramref name="Step"/> is recorded: answer everyone held for it.</summary>
public sealed record ConfirmStepToHeldReporters(StepKey Step) : IProblemCommand;

public sealed record PublishProgress(ProblemProgress Progress) : IProblemCommand;

public sealed record PublishStorageFault(StorageFaultReported Fault) : IProblemCommand;

public sealed record WriteLog(LogLevel Level, string Message) : IProblemCommand;

/// <summary>Every repetition is finished (or the dense training failed): answer the sweep with <paramref name="State"/>.</summary>
public sealed record FinishProblem(ProblemState State) : IProblemCommand;
