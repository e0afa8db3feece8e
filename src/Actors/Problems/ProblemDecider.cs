using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Ml.Experiments;
using Akka.Event;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// Every decision of a <see cref="ProblemSupervisor"/>, as a pure function: (state, input) → (state, events to record,
/// commands), like the ProcessCommand of an event-sourced entity. No actor, clock, randomness or I/O: the same inputs
/// give the same decisions, so every report in every state is tested without an actor system. Events are applied only
/// when they come back recorded (<see cref="EventRecorded"/>): record, then apply. Assignment ids are
/// {sweep}/{problem}/{work}/{incarnation}-{serial}; the incarnation (chosen by the actor) keeps them unique across restarts.
/// </summary>
public sealed partial class ProblemDecider
{
    private readonly string _sweepId;
    private readonly ProblemPlan _plan;
    private readonly string _artifactFolder;
    private readonly RetryPolicy _retries;
    private readonly string _incarnation;

    public ProblemDecider(string sweepId, ProblemPlan plan, string artifactFolder, RetryPolicy retries, string incarnation)
    {
        _sweepId = sweepId;
        _plan = plan;
        _artifactFolder = artifactFolder;
        _retries = retries;
        _incarnation = incarnation;
    }

    /// <summary>Before the journal has replayed: nothing recorded, nothing live.</summary>
    public ProblemDeciderState Initial => ProblemDeciderState.Initial(_plan.Problem);

    public ProblemDecision Decide(ProblemDeciderState state, IProblemInput input)
    {
        var deciding = new Deciding(this, state);
        deciding.On(input);
        return deciding.Decision;
    }

    /// <summary>One decision being made: the state as it changes, and the effects in their order. Lives for one <see cref="Decide"/>.</summary>
    private sealed partial class Deciding(ProblemDecider decider, ProblemDeciderState state)
    {
        private readonly List<RecordEvent> _records = [];
        private readonly List<IProblemCommand> _commands = [];
        private ProblemDeciderState _state = state;

        private ProblemPlan Plan => decider._plan;
        private string Problem => decider._plan.Problem;
        private ProblemState Recorded => _state.Recorded;

        public ProblemDecision Decision => new(_state, _records, _commands);

        public void On(IProblemInput input)
        {
            switch (input)
            {
                case RunRequested:
                    _state = _state with { Running = true };
                    Continue(); // once the journal is ready, if it is not yet
                    break;
                case JournalReplayed replayed:
                    _state = _state with { Recorded = ProblemState.Fold(Problem, replayed.Events), JournalReady = true };
                    break;
                case ReplaySettled:
                    PublishProgress();
                    // Events still waiting to be recorded decide what follows them (a retry's backoff, the next repetition):
                    // continue once they are in, so nothing starts twice or skips its backoff.
                    if (!_state.Running) break;
                    if (_state.RecordsInFlight == 0) Continue();
                    else _state = _state with { ContinueWhenRecorded = true };
                    break;
                case JournalLost:
                    _state = _state with { JournalReady = false };
                    break;
                case ReportArrived report:
                    // A revoked, withdrawn or ended assignment's late report: its step is (or will be) recorded by the live one.
                    if (_state.Live.TryGetValue(report.AssignmentId, out var work)) OnReport(report.AssignmentId, work, report.Report);
                    break;
                case RevocationArrived revoked:
                    if (!_state.Live.TryGetValue(revoked.AssignmentId, out var revokedWork)) break;
                    Log(LogLevel.WarningLevel, $"{Problem} {revokedWork}: {revoked.Reason}; offering it again from its last recorded step (not counted as a failed attempt)");
                    EndAssignment(revoked.AssignmentId, revokedBecause: revoked.Reason);
                    StartWork(revokedWork);
                    break;
                case EventRecorded recorded:
                    OnRecorded(recorded.Event, recorded.Then);
                    break;
                case RetryDue retry:
                    _state = _state with { BackingOff = _state.BackingOff.Remove(retry.Work) };
                    StartWork(retry.Work);
                    break;
                case SupervisorStopping:
                    // Its offers would report to nobody: withdraw them (its successor offers the work again).
                    foreach (var id in _state.Live.Keys) Withdraw(id);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(input), input, $"{input.GetType().Name} is not an input of the problem decider.");
            }
        }

        private void OnReport(string id, ProblemWork work, IWorkReport report)
        {
            switch (report)
            {
                case DenseTrainedReport { Outcome: var outcome }:
                    EndAssignment(id);
                    // Reported relative to the sweep root; recorded relative to the artifact folder (as ever: existing journals say so).
                    Record(new DenseTrained(Problem, ArtifactPath(outcome.FinalWeightsPath), ArtifactPath(outcome.RewindWeightsPath), outcome.Epochs, outcome.TestAccuracy)
                        {
                            SeedBaselines = outcome.SeedBaselines.Select(StepEvents.SeedBaseline).ToList(),
                            Provenance = StepEvents.Recorded(outcome.Provenance),
                        },
                        AfterRecord.ContinueProblem);
                    break;
                case IterationTrainedReport trained:
                    RecordStep(new StepKey(trained.Repetition, trained.Outcome.Iteration, Measurement: false), StepEvents.Trained(Problem, trained.Repetition, trained.Outcome));
                    break;
                case SimilarityReport measured:
                    RecordStep(new StepKey(measured.Repetition, measured.Iteration, Measurement: true), StepEvents.Measured(Problem, measured.Repetition, measured.Iteration, measured.Layers, measured.Provenance));
                    break;
                case RepetitionDoneReport done:
                    EndAssignment(id);
                    Record(new RepetitionCompleted(Problem, done.Repetition), AfterRecord.FinishIfDone);
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

        private void OnRecorded(IPipelineEvent recorded, AfterRecord then)
        {
            _state = _state with { RecordsInFlight = _state.RecordsInFlight - 1 };
            Apply(recorded);
            switch (then)
            {
                case AfterRecord.ContinueProblem:
                    Continue();
                    break;
                case AfterRecord.ConfirmStep:
                    var step = StepOf(recorded);
                    if (!_state.StepsBeingRecorded.Contains(step)) break;
                    _state = _state with { StepsBeingRecorded = _state.StepsBeingRecorded.Remove(step) };
                    _commands.Add(new ConfirmStepToHeldReporters(step));
                    break;
                case AfterRecord.FinishIfDone:
                    FinishIfDone();
                    break;
                case AfterRecord.RetryOrGiveUp or AfterRecord.GiveUp:
                    AfterFailedAttempt(recorded, deterministic: then == AfterRecord.GiveUp);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(then), then, null);
            }
            if (!_state.ContinueWhenRecorded || _state.RecordsInFlight > 0) return;
            _state = _state with { ContinueWhenRecorded = false };
            Continue();
        }

        private void Continue()
        {
            if (!_state.JournalReady) return; // no new step while the journal cannot record it
            if (Recorded.IsFinished(Plan.Repetitions))
            {
                FinishIfDone();
                return;
            }
            if (Recorded.Dense is null)
            {
                StartWork(DenseWork.Instance);
                return;
            }
            for (int repetition = 0; repetition < Plan.Repetitions; repetition++)
                if (!Recorded.Repetition(repetition).IsFinished) StartWork(new RepetitionWork(repetition));
        }

        private void StartWork(ProblemWork work)
        {
            // Already offered or running, or waiting out its backoff (the retry starts it): never two assignments of one piece of work.
            // While the journal is away nothing starts: the journal's return continues the problem.
            if (!_state.JournalReady || _state.LiveAssignmentOf(work) is not null || _state.BackingOff.Contains(work)) return;
            int serial = _state.AssignmentSerial + 1;
            _state = _state with { AssignmentSerial = serial };
            string id = $"{decider._sweepId}/{Plan.Key}/{work.ToString().Replace(' ', '-')}/{decider._incarnation}-{serial}";
            RepetitionStep? start = null;
            if (work is RepetitionWork { Repetition: var repetition })
            {
                start = Recorded.Repetition(repetition).NextStep(Plan.Iterations);
                if (start.Iteration > Plan.Iterations)
                {
                    // Every step is recorded; only the completion event was lost to a crash.
                    Record(new RepetitionCompleted(Problem, repetition), AfterRecord.FinishIfDone);
                    return;
                }
            }
            _state = _state with { Live = _state.Live.Add(id, work) };
            _commands.Add(new OfferAssignment(id, work, start));
        }

        /// <summary>The assignment is over (done, failed, revoked or withdrawn): later reports of it are dropped.</summary>
        private void EndAssignment(string id, string? error = null, string? revokedBecause = null)
        {
            if (!_state.Live.ContainsKey(id)) return;
            _state = _state with { Live = _state.Live.Remove(id) };
            _commands.Add(new CloseAssignment(id, error, revokedBecause));
        }

        /// <summary>Stops an assignment the problem no longer needs: out of the queue, or cancelled on its node.</summary>
        private void Withdraw(string id)
        {
            _commands.Add(new WithdrawAssignment(id));
            EndAssignment(id);
        }

        private void RecordStep(StepKey step, IPipelineEvent @event)
        {
            var repetition = Recorded.Repetition(step.Repetition);
            bool alreadyRecorded = step.Measurement ? repetition.Similarity.ContainsKey(step.Iteration) : repetition.Trained.ContainsKey(step.Iteration);
            if (alreadyRecorded)
            {
                _commands.Add(new ConfirmStepToReporter(step));
                return;
            }
            _commands.Add(new HoldReporterUntilRecorded(step));
            // The same report again while the first is still being recorded (e.g. waiting out an outage): answered with it.
            if (_state.StepsBeingRecorded.Contains(step)) return;
            _state = _state with { StepsBeingRecorded = _state.StepsBeingRecorded.Add(step) };
            Record(@event, AfterRecord.ConfirmStep);
        }

        private void FinishIfDone()
        {
            if (!Recorded.IsFinished(Plan.Repetitions)) return;
            if (Recorded.DenseFailure is not null)
                foreach (var id in _state.Live.Keys) Withdraw(id);
            _commands.Add(new FinishProblem(Recorded));
        }

        private void Record(IPipelineEvent @event, AfterRecord then)
        {
            _state = _state with { RecordsInFlight = _state.RecordsInFlight + 1 };
            _records.Add(new RecordEvent(@event, then));
        }

        private void Apply(IPipelineEvent recorded)
        {
            // A recorded step shows the storage writes again.
            if (WorkOf(recorded) is { } work) _state = _state with { StorageFaults = _state.StorageFaults.Remove(work) };
            _state = _state with { Recorded = Recorded.Apply(recorded) };
            PublishProgress();
        }

        private void PublishProgress() => _commands.Add(new PublishProgress(new ProblemProgress(Problem, Recorded.Dense is not null,
            Recorded.StepsRecorded, Plan.StepsPlanned, Recorded.FailedRepetitions, Recorded.IsFinished(Plan.Repetitions))));

        private void Log(LogLevel level, string message) => _commands.Add(new WriteLog(level, message));

        /// <summary>A weights file (absolute: reports hold this node's paths) as the event records it (see <see cref="SweepPaths.InJournal"/>).</summary>
        private string ArtifactPath(string path) => SweepPaths.InJournal(decider._artifactFolder, path);
    }

    /// <summary>The work whose storage faults a recorded step resets.</summary>
    private static ProblemWork? WorkOf(IPipelineEvent recorded) => recorded switch
    {
        DenseTrained => DenseWork.Instance,
        IterationTrained t => new RepetitionWork(t.Repetition),
        SimilarityMeasured m => new RepetitionWork(m.Repetition),
        RepetitionCompleted c => new RepetitionWork(c.Repetition),
        _ => null,
    };

    private static StepKey StepOf(IPipelineEvent step) => step switch
    {
        IterationTrained t => new StepKey(t.Repetition, t.Iteration, Measurement: false),
        SimilarityMeasured m => new StepKey(m.Repetition, m.Iteration, Measurement: true),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a step of a repetition"),
    };
}
