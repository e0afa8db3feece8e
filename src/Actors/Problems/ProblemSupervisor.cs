using System.Diagnostics;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Telemetry;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// Owns one problem of a sweep: offers its dense training, then its repetitions, to the sweep's
/// <see cref="WorkDispatcher"/> (a node with a free slot pulls them and runs a <see cref="DenseTrainer"/> or
/// <see cref="RepetitionWorker"/>), and records every finished step its workers report in its journal (an
/// <see cref="EventJournal"/> child). Its state is a <see cref="ProblemState"/> folded from those events (record,
/// then apply). Every offer is an assignment with its own id; a report of an assignment that is no longer live is
/// dropped. A failed attempt (reported by the worker, or a worker that died) is retried from the last recorded
/// step after an exponential backoff, up to <see cref="RetryPolicy.MaxRetries"/> retries; then it is recorded as
/// failed and the rest goes on. An assignment whose node was lost is offered again at once: not a failed attempt. While the journal is unavailable the problem pauses: running work goes on to the end
/// of its step and waits for the step to be recorded, no new work starts, and nothing counts as a failure of work.
/// After a crash, the journal's replay is the state, and <see cref="RunProblem"/> continues where it stopped.
/// </summary>
public sealed class ProblemSupervisor : ReceiveActor, IWithTimers
{
    /// <summary>What a child works on: the dense training, or one repetition.</summary>
    private abstract record Work;
    private sealed record DenseWork : Work
    {
        public static DenseWork Instance { get; } = new();
        public override string ToString() => "dense training";
    }
    private sealed record RepetitionWork(int Repetition) : Work
    {
        public override string ToString() => $"repetition {Repetition}";
    }
    private sealed record RetryWork(Work Work) : INoSerializationVerificationNeeded;

    /// <summary>A live assignment: its work, the attempt's span ("repetition"; the problem's for the dense training) and the wait for a slot.</summary>
    private sealed record Assignment(Work Work, Activity? Span, Activity? Waiting);

    private readonly ProblemPlan _plan;
    private readonly string _sweepId;
    private readonly string _artifactFolder;
    /// <summary>What the folders in work orders are relative to (see <see cref="SweepPaths"/>).</summary>
    private readonly string _sweepRoot;
    private readonly RetryPolicy _retries;
    private readonly IActorRef _dispatcher;
    private readonly Dictionary<string, Assignment> _live = new();
    /// <summary>The span of each work's last revoked attempt: its next attempt links to it.</summary>
    private readonly Dictionary<Work, string> _revokedAttempt = new();
    /// <summary>Makes assignment ids unique across restarts of this supervisor.</summary>
    private readonly string _incarnation = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<Work, int> _storageFaults = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ProblemState _state;
    private JournalClient _journal = null!;
    private bool _continueWhenRecorded;
    private readonly Dictionary<(int Repetition, int Iteration, bool Measurement), List<IActorRef>> _recording = new();
    private IActorRef? _requester;
    private Activity? _span;
    private int _assignmentSerial;

    private readonly JournalBackoff _journalBackoff;

    public ProblemSupervisor(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef dispatcher, JournalBackoff? journalBackoff = null)
    {
        _journalBackoff = journalBackoff ?? JournalBackoff.Default;
        _sweepId = sweepId;
        _plan = plan;
        _artifactFolder = artifactFolder;
        _sweepRoot = SweepPaths.Root(artifactFolder);
        _retries = retries;
        _dispatcher = dispatcher;
        _state = new ProblemState(plan.Problem);

        Receive<JournalReady>(ready =>
        {
            _state = ProblemState.Fold(_plan.Problem, ready.Events);
            _journal.OnReady(_state.Holds);
            PublishProgress();
            // Steps still waiting to be recorded decide what follows them (a retry's backoff, the next repetition):
            // continue once they are in, so nothing starts twice or skips its backoff.
            if (_requester is null) return;
            if (_journal.Pending == 0) Continue();
            else _continueWhenRecorded = true;
        });
        Receive<EventPersisted>(persisted => _journal.OnPersisted(persisted));
        Receive<JournalUnavailable>(unavailable => _journal.OnUnavailable(unavailable));
        Receive<RunProblem>(run =>
        {
            _requester = Sender;
            _span ??= Traces.StartDetached("problem", run.TraceParent, tags: [new("problem", _plan.Problem), new("repetitions", _plan.Repetitions), new("iterations", _plan.Iterations)]);
            if (_journal.IsReady) Continue(); // else the replay starts the work
        });
        Receive<AssignmentReport>(report =>
        {
            // A revoked, withdrawn or ended assignment's late report: its step is (or will be) recorded by the live one.
            if (!_live.TryGetValue(report.AssignmentId, out var assignment)) return;
            OnReport(report.AssignmentId, assignment.Work, report.Report);
        });
        Receive<WorkAssigned>(assigned =>
        {
            if (!_live.TryGetValue(assigned.AssignmentId, out var assignment)) return;
            assignment.Waiting?.SetTag("node", assigned.Node);
            assignment.Waiting?.Stop();
            assignment.Span?.SetTag("node", assigned.Node);
            _live[assigned.AssignmentId] = assignment with { Waiting = null };
        });
        Receive<AssignmentRevoked>(revoked =>
        {
            if (!_live.TryGetValue(revoked.AssignmentId, out var assignment)) return;
            _log.Warning("{0} {1}: {2}; offering it again from its last recorded step (not counted as a failed attempt)", _plan.Problem, assignment.Work, revoked.Reason);
            assignment.Span?.SetTag("revoked", revoked.Reason);
            if (assignment.Span?.Id is { } attempt) _revokedAttempt[assignment.Work] = attempt;
            EndAssignment(revoked.AssignmentId, error: null);
            StartWork(assignment.Work);
        });
        Receive<RetryWork>(retry =>
        {
            Timers.Cancel(RetryTimer(retry.Work));
            StartWork(retry.Work);
        });
    }

    public static Props Props(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef dispatcher, JournalBackoff? journalBackoff = null) =>
        Akka.Actor.Props.Create(() => new ProblemSupervisor(sweepId, plan, artifactFolder, retries, dispatcher, journalBackoff));

    public ITimerScheduler Timers { get; set; } = null!;

    public string PersistenceId => PersistenceIds.Problem(_sweepId, _plan.Problem);

    protected override void PreStart() => _journal = new JournalClient(Context, PersistenceId, _journalBackoff);

    /// <summary>Records <paramref name="event"/> in the journal, then applies it and runs <paramref name="then"/> (later, if the journal is away).</summary>
    private void Record(IPipelineEvent @event, Action<IPipelineEvent> then) => _journal.Record(@event, recorded =>
    {
        then(recorded);
        if (!_continueWhenRecorded || _journal.Pending > 0) return;
        _continueWhenRecorded = false;
        Continue();
    });

    /// <summary>Its only child is the journal's (which restarts under its own backoff); the workers run on the nodes, under their runners.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Stop));

    private void Continue()
    {
        if (!_journal.IsReady) return; // no new step while the journal cannot record it
        if (_state.IsFinished(_plan.Repetitions))
        {
            FinishIfDone();
            return;
        }
        if (_state.Dense is null)
        {
            StartWork(DenseWork.Instance);
            return;
        }
        for (int repetition = 0; repetition < _plan.Repetitions; repetition++)
            if (!_state.Repetition(repetition).IsFinished) StartWork(new RepetitionWork(repetition));
    }

    private void StartWork(Work work)
    {
        // Already offered or running, or waiting out its backoff (the timer starts it): never two assignments of one piece of work.
        // While the journal is away nothing starts: the journal's return continues the problem.
        if (!_journal.IsReady || _live.Values.Any(a => a.Work.Equals(work)) || Timers.IsTimerActive(RetryTimer(work))) return;
        string denseFolder = SweepPaths.Relative(_sweepRoot, SweepPlan.DenseFolder(_artifactFolder, _plan.Problem));
        string id = $"{_sweepId}/{_plan.Key}/{work.ToString()!.Replace(' ', '-')}/{_incarnation}-{++_assignmentSerial}";
        Activity? span;
        WorkOrder order;
        switch (work)
        {
            case DenseWork:
                span = _span;
                order = new WorkOrder(id, _plan, WorkProgress.DenseRepetition, null, denseFolder, denseFolder, Traces.TraceParentOf(_span), Self);
                break;
            case RepetitionWork { Repetition: var repetition }:
                var next = _state.Repetition(repetition).NextStep(_plan.Iterations);
                if (next.Iteration > _plan.Iterations)
                {
                    // Every step is recorded; only the completion event was lost to a crash.
                    Record(new RepetitionCompleted(_plan.Problem, repetition), recorded =>
                    {
                        Apply(recorded);
                        FinishIfDone();
                    });
                    return;
                }
                // Each attempt at a repetition is its own trace, linked to its problem's span (and to the attempt it replaces).
                span = Traces.StartDetached("repetition", Traces.TraceParentOf(_span), linkOnly: true,
                    [new("problem", _plan.Problem), new("repetition", repetition), new("start.iteration", next.Iteration), new("start.measure_only", next.MeasureOnly), new("assignment", id)],
                    _revokedAttempt.Remove(work, out var previous) ? [previous] : null);
                order = new WorkOrder(id, _plan, repetition, next, denseFolder,
                    SweepPaths.Relative(_sweepRoot, SweepPlan.RepetitionFolder(_artifactFolder, _plan.Problem, repetition)), Traces.TraceParentOf(span), Self);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(work), work, null);
        }
        // Until a node pulls it, the work waits for a free slot: its own span, so a queued repetition never reads as a slow one.
        var waiting = Traces.StartDetached("waiting for a free slot", Traces.TraceParentOf(span), tags: [new("assignment", id)]);
        _live[id] = new Assignment(work, work is DenseWork ? null : span, waiting);
        _dispatcher.Tell(new OfferWork(order));
    }

    /// <summary>The assignment is over (its worker reported its end, failed, was revoked or withdrawn): later reports of it are dropped.</summary>
    private void EndAssignment(string id, string? error)
    {
        if (!_live.Remove(id, out var assignment)) return;
        assignment.Waiting?.Stop();
        if (assignment.Span is { } span)
        {
            if (error is not null) span.SetStatus(ActivityStatusCode.Error, error);
            span.Stop();
        }
    }

    /// <summary>Stops an assignment the problem no longer needs: out of the queue, or cancelled on its node.</summary>
    private void Withdraw(string id)
    {
        _dispatcher.Tell(new WithdrawWork(id));
        EndAssignment(id, error: null);
    }

    private void OnReport(string id, Work work, IWorkReport report)
    {
        switch (report)
        {
            case DenseTrainedReport finished:
                EndAssignment(id, error: null);
                Record(new DenseTrained(_plan.Problem,
                    Path.GetRelativePath(_artifactFolder, Path.Combine(_sweepRoot, finished.Outcome.FinalWeightsPath)),
                    Path.GetRelativePath(_artifactFolder, Path.Combine(_sweepRoot, finished.Outcome.RewindWeightsPath)),
                    finished.Outcome.Epochs, finished.Outcome.TestAccuracy), recorded =>
                {
                    Apply(recorded);
                    Continue();
                });
                break;
            case IterationTrainedReport trained:
                RecordStep(trained.Repetition, trained.Outcome.Iteration, _state.Repetition(trained.Repetition).Trained.ContainsKey(trained.Outcome.Iteration),
                    IterationTrained.From(_plan.Problem, trained.Repetition, trained.Outcome));
                break;
            case SimilarityReport measured:
                RecordStep(measured.Repetition, measured.Iteration, _state.Repetition(measured.Repetition).Similarity.ContainsKey(measured.Iteration),
                    SimilarityMeasured.From(_plan.Problem, measured.Repetition, measured.Iteration, measured.Layers));
                break;
            case RepetitionDoneReport finished:
                EndAssignment(id, error: null);
                Record(new RepetitionCompleted(_plan.Problem, finished.Repetition), recorded =>
                {
                    Apply(recorded);
                    FinishIfDone();
                });
                break;
            case StorageFaultReport fault:
                EndAssignment(id, fault.Error);
                OnStorageFault(work, fault);
                break;
            case IAttemptFailure failure:
                EndAssignment(id, failure.Error);
                RecordFailedAttempt(work, failure.Error, failure.Deterministic);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(report), report, $"{report.GetType().Name} is not a report this supervisor knows.");
        }
    }

    private static string RetryTimer(Work work) => $"retry-{work}";

    private static int RepetitionOf(IPipelineEvent step) => step switch
    {
        IterationTrained t => t.Repetition,
        SimilarityMeasured m => m.Repetition,
        RepetitionCompleted c => c.Repetition,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    private void RecordStep(int repetition, int iteration, bool alreadyRecorded, IPipelineEvent step)
    {
        var worker = Sender;
        var key = (repetition, iteration, step is SimilarityMeasured);
        if (alreadyRecorded)
        {
            worker.Tell(new StepRecorded(repetition, iteration));
            return;
        }
        // The same report again while the first is still being recorded (e.g. waiting out an outage): answer both once it is in.
        if (_recording.TryGetValue(key, out var waiting))
        {
            waiting.Add(worker);
            return;
        }
        _recording[key] = [worker];
        Record(step, recorded =>
        {
            Apply(recorded);
            if (recorded is IterationTrained) PipelineDiagnostics.ImpIterationsCompleted.Add(1, new KeyValuePair<string, object?>("problem", _plan.Problem));
            if (_recording.Remove(key, out var workers))
                foreach (var w in workers) w.Tell(new StepRecorded(repetition, iteration));
        });
    }

    /// <summary>The storage refused an artifact: not the work's failure. Start it again after a backoff that grows while the fault lasts.</summary>
    private void OnStorageFault(Work work, StorageFaultReport fault)
    {
        int faults = _storageFaults[work] = _storageFaults.GetValueOrDefault(work) + 1;
        var delay = _retries.Backoff(faults);
        _log.Warning("{0} {1}: storage fault: {2}; starting again in {3:0.#} s", _plan.Problem, work, fault.Error, delay.TotalSeconds);
        Context.System.EventStream.Publish(new StorageFaultReported(_plan.Problem, fault.Path, fault.Error, delay));
        Timers.StartSingleTimer(RetryTimer(work), new RetryWork(work), delay);
    }

    /// <param name="deterministic">The same step fails the same way on every try: give up now instead of retrying.</param>
    private void RecordFailedAttempt(Work work, string error, bool deterministic)
    {
        bool dense = work is DenseWork;
        int attempt = (dense ? _state.DenseAttempts : _state.Repetition(((RepetitionWork)work).Repetition).Attempts) + 1;
        IPipelineEvent attemptFailed = work switch
        {
            RepetitionWork r => new RepetitionAttemptFailed(_plan.Problem, r.Repetition, attempt, error),
            _ => new DenseAttemptFailed(_plan.Problem, attempt, error),
        };
        Record(attemptFailed, recorded =>
        {
            Apply(recorded);
            if (attempt > _retries.MaxRetries || deterministic)
            {
                if (deterministic)
                {
                    _log.Error("{0} {1} failed deterministically (retrying cannot help), giving up: {2}", _plan.Problem, work, error);
                    error = $"{error} (deterministic: not retried)";
                }
                else _log.Error("{0} {1} failed {2} times, giving up: {3}", _plan.Problem, work, attempt, error);
                IPipelineEvent givenUp = work switch
                {
                    RepetitionWork r => new RepetitionFailed(_plan.Problem, r.Repetition, attempt, error),
                    _ => new DenseFailed(_plan.Problem, attempt, error),
                };
                Record(givenUp, failed =>
                {
                    Apply(failed);
                    FinishIfDone();
                });
                return;
            }
            var delay = _retries.Backoff(attempt);
            _log.Warning("{0} {1} failed (attempt {2} of {3}), retrying in {4:0.#} s: {5}", _plan.Problem, work, attempt, _retries.MaxRetries + 1, delay.TotalSeconds, error);
            Timers.StartSingleTimer(RetryTimer(work), new RetryWork(work), delay);
        });
    }

    private void Apply(IPipelineEvent recorded)
    {
        // A recorded step shows the storage writes again.
        if (recorded is DenseTrained) _storageFaults.Remove(DenseWork.Instance);
        else if (recorded is IterationTrained or SimilarityMeasured or RepetitionCompleted) _storageFaults.Remove(new RepetitionWork(RepetitionOf(recorded)));
        _state = _state.Apply(recorded);
        PublishProgress();
    }

    /// <summary>A stopped supervisor's offers would report to nobody: withdraw them (its successor offers the work again).</summary>
    protected override void PostStop()
    {
        foreach (var id in _live.Keys.ToList()) Withdraw(id);
        _span?.Stop();
    }

    private void FinishIfDone()
    {
        if (!_state.IsFinished(_plan.Repetitions)) return;
        if (_state.DenseFailure is not null)
            foreach (var id in _live.Keys.ToList()) Withdraw(id);
        if (_span is not null)
        {
            _span.SetTag("repetitions.completed", _state.CompletedRepetitions);
            _span.SetTag("repetitions.failed", _state.FailedRepetitions);
            if (_state.DenseFailure is { } failure) _span.SetStatus(ActivityStatusCode.Error, failure);
            _span.Stop();
            _span = null;
        }
        _requester?.Tell(new ProblemOutcome(_plan.Problem, _state));
    }

    private void PublishProgress() => Context.System.EventStream.Publish(new ProblemProgress(_plan.Problem, _state.Dense is not null,
        _state.StepsRecorded, _plan.StepsPlanned, _state.FailedRepetitions, _state.IsFinished(_plan.Repetitions)));
}
