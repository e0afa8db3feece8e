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
using Akka.Persistence;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// Owns one problem of a sweep: trains its dense network, then runs its repetitions as
/// <see cref="RepetitionWorker"/> children, persisting every finished step. Its state is a
/// <see cref="ProblemState"/> folded from its events (persist, then apply). A failed attempt (reported by the
/// child, or a child that died) is retried from the last recorded step after an exponential backoff, up to
/// <see cref="RetryPolicy.MaxRetries"/> retries; then it is recorded as failed and the rest goes on.
/// After a crash, recovery replays the journal and the next <see cref="RunProblem"/> continues where it stopped.
/// </summary>
public sealed class ProblemSupervisor : ReceivePersistentActor, IWithTimers
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
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ProblemState _state;
    private IActorRef? _requester;
    private Activity? _span;
    private int _childSerial;

    public ProblemSupervisor(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef devicePool, Compute.IExperimentCompute compute)
    {
        _sweepId = sweepId;
        _plan = plan;
        _artifactFolder = artifactFolder;
        _retries = retries;
        _devicePool = devicePool;
        _compute = compute;
        _state = new ProblemState(plan.Problem);

        Recover<IPipelineEvent>(e => _state = _state.Apply(e));
        Command<RunProblem>(run =>
        {
            _requester = Sender;
            _span ??= Traces.StartDetached("problem", run.TraceParent, tags: [new("problem", _plan.Problem), new("repetitions", _plan.Repetitions), new("iterations", _plan.Iterations)]);
            PublishProgress();
            if (_children.Count == 0) Continue();
        });
        Command<DenseTrainingFinished>(finished =>
        {
            if (!IsChild(Sender)) return;
            StopOnPurpose(Sender);
            Persist(new DenseTrained(_plan.Problem,
                Path.GetRelativePath(_artifactFolder, finished.Outcome.FinalWeightsPath),
                Path.GetRelativePath(_artifactFolder, finished.Outcome.RewindWeightsPath),
                finished.Outcome.Epochs, finished.Outcome.TestAccuracy), recorded =>
            {
                Apply(recorded);
                Continue();
            });
        });
        Command<IterationTrainedReport>(report =>
        {
            if (!IsChild(Sender)) return;
            RecordStep(report.Repetition, report.Outcome.Iteration, _state.Repetition(report.Repetition).Trained.ContainsKey(report.Outcome.Iteration),
                IterationTrained.From(_plan.Problem, report.Repetition, report.Outcome));
        });
        Command<SimilarityReport>(report =>
        {
            if (!IsChild(Sender)) return;
            RecordStep(report.Repetition, report.Iteration, _state.Repetition(report.Repetition).Similarity.ContainsKey(report.Iteration),
                SimilarityMeasured.From(_plan.Problem, report.Repetition, report.Iteration, report.Layers));
        });
        Command<RepetitionFinished>(finished =>
        {
            if (!IsChild(Sender)) return;
            StopOnPurpose(Sender);
            Persist(new RepetitionCompleted(_plan.Problem, finished.Repetition), recorded =>
            {
                Apply(recorded);
                FinishIfDone();
            });
        });
        Command<DenseTrainingFailed>(failed => OnAttemptFailed(Sender, failed.Error));
        Command<RepetitionAttemptEnded>(failed => OnAttemptFailed(Sender, failed.Error));
        Command<Terminated>(terminated => OnChildStopped(terminated.ActorRef));
        Command<RetryWork>(retry =>
        {
            Timers.Cancel(RetryTimer(retry.Work));
            StartWork(retry.Work);
        });
    }

    public static Props Props(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef devicePool, Compute.IExperimentCompute compute) =>
        Akka.Actor.Props.Create(() => new ProblemSupervisor(sweepId, plan, artifactFolder, retries, devicePool, compute));

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => PersistenceIds.Problem(_sweepId, _plan.Problem);

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
        if (_children.ContainsValue(work) || Timers.IsTimerActive(RetryTimer(work))) return;
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
                    Persist(new RepetitionCompleted(_plan.Problem, repetition), recorded =>
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

    private void RecordStep(int repetition, int iteration, bool alreadyRecorded, IPipelineEvent step)
    {
        var worker = Sender;
        if (alreadyRecorded)
        {
            worker.Tell(new StepRecorded(repetition, iteration));
            return;
        }
        Persist(step, recorded =>
        {
            Apply(recorded);
            if (recorded is IterationTrained) PipelineDiagnostics.ImpIterationsCompleted.Add(1, new KeyValuePair<string, object?>("problem", _plan.Problem));
            worker.Tell(new StepRecorded(repetition, iteration));
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
        Persist(attemptFailed, recorded =>
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
                Persist(givenUp, failed =>
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
        _state = _state.Apply(recorded);
        PublishProgress();
    }

    protected override void PostStop()
    {
        _span?.Stop();
        base.PostStop();
    }

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
