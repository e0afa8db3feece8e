using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Telemetry;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// Owns one problem of a sweep: trains its dense network, then runs its repetitions as
/// <see cref="RepetitionWorker"/> children, persisting every finished step. A failing child is stopped
/// (the strategy below) and started again from its last recorded step after an exponential backoff, up to
/// <see cref="RetryPolicy.MaxRetries"/> retries; then the repetition is recorded as failed and the rest goes on.
/// After a crash, recovery replays the journal and the next <see cref="RunProblem"/> continues where it stopped.
/// </summary>
public sealed class ProblemSupervisor : ReceivePersistentActor, IWithTimers
{
    private sealed record RetryWork(int Repetition);

    private readonly ProblemPlan _plan;
    private readonly string _sweepId;
    private readonly string _artifactFolder;
    private readonly RetryPolicy _retries;
    private readonly IActorRef _devicePool;
    private readonly IExperimentCompute _compute;
    private readonly ProblemState _state;
    private readonly Dictionary<IActorRef, int> _children = new();
    private readonly HashSet<IActorRef> _stoppingOnPurpose = new();
    private readonly Dictionary<int, string> _lastErrors = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _requester;
    private Activity? _span;
    private int _childSerial;

    public ProblemSupervisor(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef devicePool, IExperimentCompute compute)
    {
        _sweepId = sweepId;
        _plan = plan;
        _artifactFolder = artifactFolder;
        _retries = retries;
        _devicePool = devicePool;
        _compute = compute;
        _state = new ProblemState(plan.Problem);

        Recover<IPipelineEvent>(_state.Apply);
        Command<RunProblem>(run =>
        {
            _requester = Sender;
            _span ??= Traces.StartDetached("problem", run.TraceParent, tags: [new("problem", _plan.Problem), new("repetitions", _plan.Repetitions), new("iterations", _plan.Iterations)]);
            if (_children.Count == 0) Continue();
        });
        Command<DenseTrainingFinished>(finished => Persist(new DenseTrained(_plan.Problem,
            Path.GetRelativePath(_artifactFolder, finished.Outcome.FinalWeightsPath),
            Path.GetRelativePath(_artifactFolder, finished.Outcome.RewindWeightsPath),
            finished.Outcome.Epochs, finished.Outcome.TestAccuracy), recorded =>
        {
            _state.Apply(recorded);
            StopOnPurpose(Sender);
            PublishProgress();
            Continue();
        }));
        Command<IterationTrainedReport>(report =>
        {
            var outcome = report.Outcome;
            RecordStep(report.Repetition, outcome.Iteration, _state.Repetition(report.Repetition).Trained.ContainsKey(outcome.Iteration),
                new IterationTrained(_plan.Problem, report.Repetition, outcome.Iteration, outcome.ConvSparsity, outcome.FcSparsity, outcome.OverallSparsity, outcome.TestAccuracy, outcome.Epochs));
        });
        Command<SimilarityReport>(report => RecordStep(report.Repetition, report.Iteration,
            _state.Repetition(report.Repetition).Similarity.ContainsKey(report.Iteration),
            new SimilarityMeasured(_plan.Problem, report.Repetition, report.Iteration,
                report.Layers.OrderBy(l => l.LayerIndex).Select(l => new LayerMetrics(l.Layer, l.LayerIndex, l.Values)).ToList())));
        Command<RepetitionFinished>(finished =>
        {
            var worker = Sender;
            StopOnPurpose(worker);
            Persist(new RepetitionCompleted(_plan.Problem, finished.Repetition), recorded =>
            {
                _state.Apply(recorded);
                PublishProgress();
                FinishIfDone();
            });
        });
        Command<Terminated>(terminated => OnChildStopped(terminated.ActorRef));
        Command<RetryWork>(retry => StartWork(retry.Repetition));
    }

    public static Props Props(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, IActorRef devicePool, IExperimentCompute compute) =>
        Akka.Actor.Props.Create(() => new ProblemSupervisor(sweepId, plan, artifactFolder, retries, devicePool, compute));

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => $"problem-{_sweepId}-{_plan.Key}";

    /// <summary>Declared where the workers are created: a failed worker is stopped, never restarted in place; <see cref="OnChildStopped"/> decides about a new attempt.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(-1, -1, Decider.From(failure =>
    {
        if (failure is WorkFailedException work) _lastErrors[work.Repetition] = work.Message;
        return Directive.Stop;
    }), loggingEnabled: false); // the worker has logged the failure with its stage; one report, not two

    private void Continue()
    {
        if (_state.IsFinished(_plan.Repetitions))
        {
            FinishIfDone();
            return;
        }
        if (_state.Dense is null)
        {
            StartWork(ProblemState.DenseRepetition);
            return;
        }
        for (int repetition = 0; repetition < _plan.Repetitions; repetition++)
            if (!_state.Repetition(repetition).IsFinished && !_children.ContainsValue(repetition)) StartWork(repetition);
    }

    private void StartWork(int repetition)
    {
        IActorRef child;
        if (repetition == ProblemState.DenseRepetition)
        {
            child = Context.ActorOf(DenseTrainer.Props(_plan, SweepPlan.DenseFolder(_artifactFolder, _plan.Problem), _devicePool, _compute, Traces.TraceParentOf(_span)), $"dense-{++_childSerial}");
        }
        else
        {
            var next = _state.Repetition(repetition).NextStep(_plan.Iterations);
            if (next.Iteration > _plan.Iterations)
            {
                // Every step is recorded; only the completion event was lost to a crash.
                Persist(new RepetitionCompleted(_plan.Problem, repetition), recorded =>
                {
                    _state.Apply(recorded);
                    FinishIfDone();
                });
                return;
            }
            var dense = _state.Dense!;
            var assignment = new RepetitionAssignment(_plan,
                new DenseOutcome(Path.Combine(_artifactFolder, dense.FinalWeights), Path.Combine(_artifactFolder, dense.RewindWeights), dense.Epochs, dense.TestAccuracy),
                repetition, next, SweepPlan.RepetitionFolder(_artifactFolder, _plan.Problem, repetition), Traces.TraceParentOf(_span));
            child = Context.ActorOf(RepetitionWorker.Props(assignment, _devicePool, _compute), $"rep-{repetition:D2}-{++_childSerial}");
        }
        Context.Watch(child);
        _children[child] = repetition;
    }

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
            _state.Apply(recorded);
            if (recorded is IterationTrained) PipelineDiagnostics.ImpIterationsCompleted.Add(1, new KeyValuePair<string, object?>("problem", _plan.Problem));
            worker.Tell(new StepRecorded(repetition, iteration));
            PublishProgress();
        });
    }

    private void StopOnPurpose(IActorRef child)
    {
        if (!_children.ContainsKey(child)) return;
        _stoppingOnPurpose.Add(child);
        Context.Stop(child);
    }

    private void OnChildStopped(IActorRef child)
    {
        if (!_children.Remove(child, out int repetition)) return;
        if (_stoppingOnPurpose.Remove(child)) return;

        string error = _lastErrors.Remove(repetition, out var message) ? message : "the worker stopped unexpectedly";
        int attempt = (repetition == ProblemState.DenseRepetition ? _state.DenseAttempts : _state.Repetition(repetition).Attempts) + 1;
        Persist(new RepetitionAttemptFailed(_plan.Problem, repetition, attempt, error), recorded =>
        {
            _state.Apply(recorded);
            string what = repetition == ProblemState.DenseRepetition ? "dense training" : $"repetition {repetition}";
            if (attempt > _retries.MaxRetries)
            {
                _log.Error("{0} {1} failed {2} times, giving up: {3}", _plan.Problem, what, attempt, error);
                Persist(new RepetitionFailed(_plan.Problem, repetition, attempt, error), failed =>
                {
                    _state.Apply(failed);
                    PublishProgress();
                    FinishIfDone();
                });
                return;
            }
            var delay = Backoff(attempt);
            _log.Warning("{0} {1} failed (attempt {2} of {3}), retrying in {4:0.#} s: {5}", _plan.Problem, what, attempt, _retries.MaxRetries + 1, delay.TotalSeconds, error);
            Timers.StartSingleTimer($"retry-{repetition}", new RetryWork(repetition), delay);
        });
    }

    protected override void PostStop()
    {
        _span?.Stop();
        base.PostStop();
    }

    private TimeSpan Backoff(int attempt)
    {
        double seconds = _retries.MinBackoff.TotalSeconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, _retries.MaxBackoff.TotalSeconds));
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
