using System.Diagnostics;
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
/// Owns one problem of a sweep: trains its dense network, then runs its repetitions as
/// <see cref="RepetitionWorker"/> children, recording every finished step in its journal (an
/// <see cref="EventJournal"/> child). Its state is a <see cref="ProblemState"/> folded from those events (record,
/// then apply). A failed attempt (reported by the child, or a child that died) is retried from the last recorded
/// step after an exponential backoff, up to <see cref="RetryPolicy.MaxRetries"/> retries; then it is recorded as
/// failed and the rest goes on. While the journal is unavailable the problem pauses: running work goes on to the end
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
    private sealed record RetryWork(Work Work);

    private readonly ProblemPlan _plan;
    private readonly string _sweepId;
    private readonly string _artifactFolder;
    private readonly RetryPolicy _retries;
    private readonly IActorRef _devicePool;
    private readonly Compute.IExperimentCompute _compute;
    private readonly Dictionary<IActorRef, Work> _children = new();
    private readonly HashSet<IActorRef> _stoppingOnPurpose = new();
    private string? _lastCrash;
    private readonly Dictionary<Work, int> _storageFaults = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ProblemState _state;
    private JournalClient _journal = null!;
    private bool _continueWhenRecorded;
    private readonly Dictionary<(int Repetition, int Iteration, bool Measurement), List<IActorRef>> _recording = new();
    private IActorRef? _requester;
    private Activity? _span;
    private int _childSerial;

    private readonly JournalBackoff _journalBackoff;

    public ProblemSupervisor(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef devicePool, Compute.IExperimentCompute compute,
        JournalBackoff? journalBackoff = null)
    {
        _journalBackoff = journalBackoff ?? JournalBackoff.Default;
        _sweepId = sweepId;
        _plan = plan;
        _artifactFolder = artifactFolder;
        _retries = retries;
        _devicePool = devicePool;
        _compute = compute;
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
        Receive<DenseTrainingFinished>(finished =>
        {
            if (!IsChild(Sender)) return;
            StopOnPurpose(Sender);
            Record(new DenseTrained(_plan.Problem,
                Path.GetRelativePath(_artifactFolder, finished.Outcome.FinalWeightsPath),
                Path.GetRelativePath(_artifactFolder, finished.Outcome.RewindWeightsPath),
                finished.Outcome.Epochs, finished.Outcome.TestAccuracy), recorded =>
            {
                Apply(recorded);
                Continue();
            });
        });
        Receive<IterationTrainedReport>(report =>
        {
            if (!IsChild(Sender)) return;
            RecordStep(report.Repetition, report.Outcome.Iteration, _state.Repetition(report.Repetition).Trained.ContainsKey(report.Outcome.Iteration),
                IterationTrained.From(_plan.Problem, report.Repetition, report.Outcome));
        });
        Receive<SimilarityReport>(report =>
        {
            if (!IsChild(Sender)) return;
            RecordStep(report.Repetition, report.Iteration, _state.Repetition(report.Repetition).Similarity.ContainsKey(report.Iteration),
                SimilarityMeasured.From(_plan.Problem, report.Repetition, report.Iteration, report.Layers));
        });
        Receive<RepetitionFinished>(finished =>
        {
            if (!IsChild(Sender)) return;
            StopOnPurpose(Sender);
            Record(new RepetitionCompleted(_plan.Problem, finished.Repetition), recorded =>
            {
                Apply(recorded);
                FinishIfDone();
            });
        });
        Receive<DenseTrainingFailed>(failed => OnAttemptFailed(Sender, failed.Error));
        Receive<StorageFaulted>(fault => OnStorageFault(Sender, fault));
        Receive<RepetitionAttemptEnded>(failed => OnAttemptFailed(Sender, failed.Error));
        Receive<Terminated>(terminated => OnChildStopped(terminated.ActorRef));
        Receive<RetryWork>(retry =>
        {
            Timers.Cancel(RetryTimer(retry.Work));
            StartWork(retry.Work);
        });
    }

    public static Props Props(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef devicePool, Compute.IExperimentCompute compute,
        JournalBackoff? journalBackoff = null) =>
        Akka.Actor.Props.Create(() => new ProblemSupervisor(sweepId, plan, artifactFolder, retries, devicePool, compute, journalBackoff));

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

    /// <summary>
    /// Declared where the workers are created: a child that throws (a bug; failures of the work are reported as
    /// messages) is stopped, never restarted in place; <see cref="OnChildStopped"/> records the attempt.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(-1, -1, Decider.From(failure =>
    {
        // The Terminated that follows the stop carries no cause: keep it for the attempt's record.
        _lastCrash = $"{failure.GetType().Name}: {failure.Message}";
        return Directive.Stop;
    }));

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
        // Already running, or waiting out its backoff (the timer starts it): never two workers on one piece of work.
        // While the journal is away nothing starts: the journal's return continues the problem.
        if (!_journal.IsReady || _children.ContainsValue(work) || Timers.IsTimerActive(RetryTimer(work))) return;
        IActorRef child;
        switch (work)
        {
            case DenseWork:
                child = Context.ActorOf(DenseTrainer.Props(_plan, SweepPlan.DenseFolder(_artifactFolder, _plan.Problem), _devicePool, _compute, Traces.TraceParentOf(_span)),
                    $"dense-{++_childSerial}");
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
                var assignment = new RepetitionAssignment(_plan, SweepPlan.DenseFolder(_artifactFolder, _plan.Problem), repetition, next,
                    SweepPlan.RepetitionFolder(_artifactFolder, _plan.Problem, repetition), Traces.TraceParentOf(_span));
                child = Context.ActorOf(RepetitionWorker.Props(assignment, _devicePool, _compute), $"rep-{repetition:D2}-{++_childSerial}");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(work), work, null);
        }
        Context.Watch(child);
        _children[child] = work;
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

    private bool IsChild(IActorRef sender) => _children.ContainsKey(sender) && !_stoppingOnPurpose.Contains(sender);

    private void StopOnPurpose(IActorRef child)
    {
        if (!_children.ContainsKey(child)) return;
        _stoppingOnPurpose.Add(child);
        Context.Stop(child);
    }

    /// <summary>A child reported that its attempt failed (it stops itself): record the attempt, retry or give up.</summary>
    private void OnAttemptFailed(IActorRef child, string error)
    {
        if (!IsChild(child)) return;
        var work = _children[child];
        StopOnPurpose(child);
        RecordFailedAttempt(work, error);
    }

    /// <summary>The storage refused an artifact: not the work's failure. Start it again after a backoff that grows while the fault lasts.</summary>
    private void OnStorageFault(IActorRef child, StorageFaulted fault)
    {
        if (!IsChild(child)) return;
        var work = _children[child];
        StopOnPurpose(child);
        int faults = _storageFaults[work] = _storageFaults.GetValueOrDefault(work) + 1;
        var delay = _retries.Backoff(faults);
        _log.Warning("{0} {1}: storage fault: {2}; starting again in {3:0.#} s", _plan.Problem, work, fault.Error, delay.TotalSeconds);
        Context.System.EventStream.Publish(new StorageFaultReported(_plan.Problem, fault.Path, fault.Error, delay));
        Timers.StartSingleTimer(RetryTimer(work), new RetryWork(work), delay);
    }

    private void OnChildStopped(IActorRef child)
    {
        if (!_children.Remove(child, out var work)) return;
        if (_stoppingOnPurpose.Remove(child)) return;
        RecordFailedAttempt(work, _lastCrash ?? "the worker stopped unexpectedly");
        _lastCrash = null;
    }

    private void RecordFailedAttempt(Work work, string error)
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
            if (attempt > _retries.MaxRetries)
            {
                _log.Error("{0} {1} failed {2} times, giving up: {3}", _plan.Problem, work, attempt, error);
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

    protected override void PostStop() => _span?.Stop();

    private void FinishIfDone()
    {
        if (!_state.IsFinished(_plan.Repetitions)) return;
        if (_state.DenseFailure is not null)
            foreach (var child in _children.Keys.ToList()) StopOnPurpose(child);
        if (_span is not null)
        {
            _span.SetTag("repetitions.completed", _state.CompletedRepetitions);
            _span.SetTag("repetitions.failed", _state.FailedRepetitions);
            if (_state.DenseFailure is { } failure) _span.SetStatus(ActivityStatusCode.Error, failure);
            _span.Stop();
            _span = null;
        }
        _requester?.Tell(new ProblemFinished(_plan.Problem, _state));
    }

    private void PublishProgress() => Context.System.EventStream.Publish(new ProblemProgress(_plan.Problem, _state.Dense is not null,
        _state.StepsRecorded, _plan.StepsPlanned, _state.FailedRepetitions, _state.IsFinished(_plan.Repetitions)));
}
