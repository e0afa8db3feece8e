using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Wire;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Sweeps;

/// <summary>
/// One per sweep, persisted under the sweep id (the hash of its settings), so the same command resumes the
/// same sweep. Starts a <see cref="ProblemSupervisor"/> per problem and answers when all are finished.
/// A supervisor that dies (e.g. its journal write failed) is started again, which replays its journal;
/// after <see cref="MaxSupervisorRestarts"/> restarts the problem is reported as abandoned (not failed: nothing
/// is recorded, and a rerun resumes it). Its own events (started, problems completed) go through an
/// <see cref="EventJournal"/> child like the supervisors', so a journal outage pauses it too.
/// It owns the sweep's <see cref="WorkDispatcher"/> and passes node agents' registrations to it: in a cluster it is the
/// singleton that every node registers with (through the singleton proxy).
/// </summary>
public sealed class SweepCoordinator : ReceiveActor
{
    private const int MaxSupervisorRestarts = 3;

    private readonly SweepPlan _plan;
    private IActorRef _dispatcher = ActorRefs.Nobody;
    private bool _releasing;
    private bool _nodesReleased;
    private readonly Dictionary<string, ProblemOutcome> _finished = new();
    private readonly Dictionary<string, int> _restarts = new();
    private readonly Dictionary<IActorRef, string> _supervisors = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalBackoff _journalBackoff;
    private SweepState _state = new();
    private JournalClient _journal = null!;
    private IActorRef? _requester;
    private string? _traceParent;
    private bool _journalReplayed;

    public SweepCoordinator(SweepPlan plan, JournalBackoff? journalBackoff = null)
    {
        _journalBackoff = journalBackoff ?? JournalBackoff.Default;
        _plan = plan;

        // A node finds the sweep through the coordinator (the singleton proxy); the dispatcher answers, and from then on
        // the node talks to the dispatcher directly.
        Receive<RegisterNode>(message => _dispatcher.Forward(message));

        Receive<JournalReady>(ready =>
        {
            bool first = !_journalReplayed;
            _journalReplayed = true;
            _state = ready.Events.Aggregate(new SweepState(), (state, e) => state.Apply(e));
            _journal.OnReady(_state.Holds);
            if (first && _requester is not null) Start();
        });
        Receive<EventPersisted>(persisted => _journal.OnPersisted(persisted));
        Receive<JournalUnavailable>(unavailable => _journal.OnUnavailable(unavailable));
        Receive<RunSweep>(run =>
        {
            _requester = Sender;
            _traceParent = run.TraceParent;
            if (_journalReplayed) Start();
        });
        Receive<ProblemOutcome>(finished =>
        {
            if (_finished.ContainsKey(finished.Problem)) return; // told again after its journal came back
            _finished[finished.Problem] = finished;
            if (finished.Abandoned is not null || _state.CompletedProblems.Contains(finished.Problem)) ReplyIfDone();
            else _journal.Record(Completion(finished), completed =>
            {
                _state = _state.Apply(completed);
                ReplyIfDone();
            });
        });
        Receive<NodesReleased>(_ =>
        {
            _nodesReleased = true;
            ReplyIfDone();
        });
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_dispatcher))
            {
                // A bug (the dispatcher holds no state worth a restart): stop, so the host says so and exits; a rerun resumes.
                _log.Error("The work dispatcher of sweep {0} stopped; stopping the sweep.", _plan.SweepId);
                Context.Stop(Self);
                return;
            }
            if (!_supervisors.Remove(terminated.ActorRef, out var problem) || _finished.ContainsKey(problem)) return;
            int restarts = _restarts.GetValueOrDefault(problem) + 1;
            _restarts[problem] = restarts;
            if (restarts > MaxSupervisorRestarts)
            {
                _log.Error("The supervisor of {0} stopped {1} times; the problem is abandoned for this run.", problem, restarts);
                Self.Tell(new ProblemOutcome(problem, new ProblemState(problem), $"its supervisor stopped {restarts} times (see the log for the persistence error); run the same command again to resume"));
                return;
            }
            _log.Warning("The supervisor of {0} stopped; starting it again ({1} of {2}).", problem, restarts, MaxSupervisorRestarts);
            StartSupervisor(_plan.Problems.Single(p => p.Problem == problem));
        });
    }

    public static Props Props(SweepPlan plan, JournalBackoff? journalBackoff = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(plan, journalBackoff));

    public string PersistenceId => PersistenceIds.Sweep(_plan.SweepId);

    protected override void PreStart()
    {
        _journal = new JournalClient(Context, PersistenceId, _journalBackoff);
        _dispatcher = Context.ActorOf(WorkDispatcher.Props(_plan.SweepId, _plan.DataChecksum, _plan.Problems), "dispatcher");
        Context.Watch(_dispatcher);
        Context.System.EventStream.Publish(new CoordinatorStarted(Self));
    }

    /// <summary>Records the start once (later runs find it in the journal), then starts the supervisors; they need not wait for the record.</summary>
    private void Start()
    {
        if (!_state.Started) _journal.Record(new SweepStarted(_plan.SweepId, _plan.Problems.Select(p => p.Problem).ToList()), started => _state = _state.Apply(started));
        StartSupervisors();
    }

    /// <summary>Declared where the supervisors are created: a crashed supervisor is stopped and started anew by the Terminated handler, so it recovers from its journal and receives <see cref="RunProblem"/> again.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Stop));

    private void StartSupervisors()
    {
        foreach (var problem in _plan.Problems)
            if (!_finished.ContainsKey(problem.Problem) && !_supervisors.ContainsValue(problem.Problem)) StartSupervisor(problem);
        ReplyIfDone();
    }

    private void StartSupervisor(Ml.Experiments.ProblemPlan problem)
    {
        var name = $"{problem.Key}-{_restarts.GetValueOrDefault(problem.Problem)}";
        var supervisor = Context.ActorOf(ProblemSupervisor.Props(_plan.SweepId, problem, _plan.ArtifactFolder, _plan.Retries, _dispatcher, _journalBackoff), name);
        Context.Watch(supervisor);
        _supervisors[supervisor] = problem.Problem;
        supervisor.Tell(new RunProblem(_traceParent));
    }

    private static ProblemCompleted Completion(ProblemOutcome finished) =>
        new(finished.Problem, finished.State.CompletedRepetitions, finished.State.FailedRepetitions, finished.State.DenseFailure);

    /// <summary>
    /// Answers the run once every problem finished. A complete sweep first tells its nodes and waits until the remote ones
    /// left (<see cref="NodesReleased"/>): a coordinator gone before its message arrived would leave a worker waiting to
    /// join a sweep that is over.
    /// </summary>
    private void ReplyIfDone()
    {
        if (_requester is null || _plan.Problems.Any(p => !_finished.ContainsKey(p.Problem))) return;
        if (_plan.Problems.All(p => _finished[p.Problem].Abandoned is null) && !_nodesReleased)
        {
            if (!_releasing) _dispatcher.Tell(new SweepCompleted(_plan.SweepId));
            _releasing = true;
            return;
        }
        _requester.Tell(new SweepOutcome(_plan.SweepId, _plan.Problems.Select(p => _finished[p.Problem]).ToList()));
        _requester = null;
    }
}
