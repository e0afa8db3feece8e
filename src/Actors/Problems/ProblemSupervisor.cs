using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Telemetry;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// Owns one problem of a sweep: offers its dense training, then its repetitions, to the sweep's
/// <see cref="WorkDispatcher"/> (a node with a free slot pulls them and runs a <see cref="DenseTrainer"/> or
/// <see cref="RepetitionWorker"/>), and records every finished step its workers report in its journal (an
/// <see cref="EventJournal"/> child). What to do about each report, revocation, retry or journal outage is decided by
/// its <see cref="ProblemDecider"/> (a pure function, where the rules are written down); this actor only routes
/// messages to it, records the events it asks for (record, then apply: the decider sees them again once they are in),
/// and carries out its commands: offers, timers, replies, spans (<see cref="ProblemSpans"/>), progress and log lines.
/// After a crash, the journal's replay is the state, and <see cref="RunProblem"/> continues where it stopped.
/// </summary>
public sealed class ProblemSupervisor : ReceiveActor, IWithTimers
{
    /// <summary>To itself, when a backoff has passed.</summary>
    private sealed record RetryWork(ProblemWork Work) : INoSerializationVerificationNeeded;

    private readonly ProblemPlan _plan;
    private readonly string _artifactFolder;
    /// <summary>What the folders in work orders are relative to (see <see cref="SweepPaths"/>).</summary>
    private readonly string _sweepRoot;
    private readonly IActorRef _dispatcher;
    private readonly JournalBackoff _journalBackoff;
    private readonly ProblemDecider _decider;
    private readonly ProblemSpans _spans;
    /// <summary>The workers (their runners) waiting for a step to be recorded: who to answer is plumbing, not a decision.</summary>
    private readonly Dictionary<StepKey, List<IActorRef>> _heldReporters = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ProblemDeciderState _state;
    private JournalClient _journal = null!;
    private IActorRef? _requester;

    public ProblemSupervisor(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef dispatcher, JournalBackoff? journalBackoff = null)
    {
        _journalBackoff = journalBackoff ?? JournalBackoff.Default;
        _plan = plan;
        _artifactFolder = artifactFolder;
        _sweepRoot = SweepPaths.Root(artifactFolder);
        _dispatcher = dispatcher;
        // The incarnation makes assignment ids unique across restarts of this supervisor.
        _decider = new ProblemDecider(sweepId, plan, artifactFolder, retries, incarnation: Guid.NewGuid().ToString("N")[..8]);
        _spans = new ProblemSpans(plan);
        _state = _decider.Initial;
        PersistenceId = PersistenceIds.Problem(sweepId, plan.Problem);

        Receive<JournalReady>(ready =>
        {
            Decide(new JournalReplayed(ready.Events));
            // Events that waited for the journal: those the replay holds are done (they come back as recorded), the others are sent again.
            _journal.OnReady(_state.Recorded.Holds);
            Decide(ReplaySettled.Instance);
        });
        Receive<EventPersisted>(persisted => _journal.OnPersisted(persisted));
        Receive<JournalUnavailable>(unavailable =>
        {
            _journal.OnUnavailable(unavailable);
            Decide(JournalLost.Instance);
        });
        Receive<RunProblem>(run =>
        {
            _requester = Sender;
            _spans.StartProblem(run.TraceParent);
            Decide(RunRequested.Instance);
        });
        // Reports arrive in their wire form (from whichever node ran the work), read back here, at the edge.
        Receive<AssignmentReport>(report => Decide(new ReportArrived(report.AssignmentId, WorkReportWire.FromWire(report, _sweepRoot))));
        Receive<WorkAssigned>(assigned => _spans.Assigned(assigned.AssignmentId, assigned.Node));
        Receive<AssignmentRevoked>(revoked => Decide(new RevocationArrived(revoked.AssignmentId, revoked.Reason)));
        Receive<RetryWork>(retry => Decide(new RetryDue(retry.Work)));
    }

    public static Props Props(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef dispatcher, JournalBackoff? journalBackoff = null) =>
        Akka.Actor.Props.Create(() => new ProblemSupervisor(sweepId, plan, artifactFolder, retries, dispatcher, journalBackoff));

    public ITimerScheduler Timers { get; set; } = null!;

    public string PersistenceId { get; }

    protected override void PreStart() => _journal = new JournalClient(Context, PersistenceId, _journalBackoff);

    /// <summary>Its only child is the journal's (which restarts under its own backoff); the workers run on the nodes, under their runners.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Stop));

    protected override void PostStop()
    {
        foreach (var command in _decider.Decide(_state, SupervisorStopping.Instance).Commands) Carry(command);
        _spans.StopProblem();
    }

    /// <summary>Asks the decider, then records what it asks for and carries out its commands, in its order.</summary>
    private void Decide(IProblemInput input)
    {
        var decision = _decider.Decide(_state, input);
        _state = decision.State;
        foreach (var record in decision.Records)
            _journal.Record(record.Event, recorded =>
            {
                if (recorded is IterationTrained) PipelineDiagnostics.ImpIterationsCompleted.Add(1, new KeyValuePair<string, object?>("problem", _plan.Problem));
                Context.System.EventStream.Publish(new RecordedEventNotice(_plan.Problem, recorded));
                Decide(new EventRecorded(recorded, record.Then));
            });
        foreach (var command in decision.Commands) Carry(command);
    }

    private void Carry(IProblemCommand command)
    {
        switch (command)
        {
            case OfferAssignment offer:
                _dispatcher.Tell(new OfferWork(Order(offer)));
                break;
            case CloseAssignment close:
                _spans.EndAssignment(close.AssignmentId, close.Error, close.RevokedBecause);
                break;
            case WithdrawAssignment withdraw:
                _dispatcher.Tell(new WithdrawWork(withdraw.AssignmentId));
                break;
            case ScheduleRetry retry:
                Timers.StartSingleTimer($"retry-{retry.Work}", new RetryWork(retry.Work), retry.Delay);
                break;
            case ConfirmStepToReporter confirm:
                Sender.Tell(new StepRecorded(confirm.Step.Repetition, confirm.Step.Iteration));
                break;
            case HoldReporterUntilRecorded hold:
                if (_heldReporters.TryGetValue(hold.Step, out var held)) held.Add(Sender);
                else _heldReporters[hold.Step] = [Sender];
                break;
            case ConfirmStepToHeldReporters confirm:
                if (_heldReporters.Remove(confirm.Step, out var reporters))
                    foreach (var reporter in reporters) reporter.Tell(new StepRecorded(confirm.Step.Repetition, confirm.Step.Iteration));
                break;
            case PublishProgress progress:
                Context.System.EventStream.Publish(progress.Progress);
                break;
            case PublishStorageFault fault:
                Context.System.EventStream.Publish(fault.Fault);
                break;
            case WriteLog { Level: LogLevel.ErrorLevel } line:
                _log.Error("{0}", line.Message); // a message, not a format: errors may hold braces
                break;
            case WriteLog { Level: LogLevel.WarningLevel } line:
                _log.Warning("{0}", line.Message);
                break;
            case WriteLog line:
                _log.Info("{0}", line.Message);
                break;
            case FinishProblem finish:
                _spans.FinishProblem(finish.State);
                _requester?.Tell(new ProblemOutcome(_plan.Problem, finish.State));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, $"{command.GetType().Name} is not a command this supervisor carries out.");
        }
    }

    /// <summary>The work order of an offer: folders relative to the sweep root, the trace parent of its attempt's span.</summary>
    private WorkOrder Order(OfferAssignment offer)
    {
        string? traceParent = _spans.StartAssignment(offer.AssignmentId, offer.Work, offer.Start);
        string denseFolder = SweepPaths.Relative(_sweepRoot, SweepPlan.DenseFolder(_artifactFolder, _plan.Problem));
        return offer.Work switch
        {
            RepetitionWork { Repetition: var repetition } => new WorkOrder(offer.AssignmentId, _plan, repetition, offer.Start, denseFolder,
                SweepPaths.Relative(_sweepRoot, SweepPlan.RepetitionFolder(_artifactFolder, _plan.Problem, repetition)), traceParent, Self),
            _ => new WorkOrder(offer.AssignmentId, _plan, WorkProgress.DenseRepetition, null, denseFolder, denseFolder, traceParent, Self),
        };
    }
}
