using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Nodes;

/// <summary>
/// A node's part in a sweep: owns the <see cref="DevicePool"/> of its devices × slots, registers with the coordinator
/// (through the cluster singleton proxy, or directly in one process), and pulls work, one piece per free slot. Every
/// assignment runs in an <see cref="AssignmentRunner"/>; when one ends, its slot is pulled for again. If the coordinator
/// goes away, the node's running work is stopped (the coordinator's successor offers it again) and the agent registers anew.
/// Work enters the node here: the problems' plans come with the registration (a node that reads one differently is
/// refused), and each <see cref="AssignWork"/> becomes a <see cref="WorkOrder"/> with its problem's plan.
/// </summary>
public sealed class NodeAgent : ReceiveActor, IWithTimers
{
    private sealed record Register : INoSerializationVerificationNeeded
    {
        public static Register Instance { get; } = new();
    }

    private sealed record PullAgain : INoSerializationVerificationNeeded
    {
        public static PullAgain Instance { get; } = new();
    }

    /// <summary>How often an unanswered registration is repeated, and how often a registered node repeats its (idempotent) pull.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly NodeDescription _description;
    private readonly string _sweepRoot;
    private readonly IActorRef _coordinator;
    private readonly IExperimentCompute _compute;
    private readonly Func<NodeRegistered, string?> _admit;
    private readonly Dictionary<IActorRef, string> _runners = new();
    private readonly Dictionary<string, string> _retiredDevices = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _devicePool = ActorRefs.Nobody;
    private IActorRef? _dispatcher;
    /// <summary>The plans of the sweep's problems, by problem, as this node read them when it registered.</summary>
    private IReadOnlyDictionary<string, ProblemPlan> _plans = new Dictionary<string, ProblemPlan>();
    private long _assignmentsReceived;
    private int _runnerSerial;

    /// <param name="coordinator">Where registrations go: the sweep coordinator (its singleton proxy in a cluster).</param>
    /// <param name="admit">Checks the sweep the node joined (e.g. its data checksum); an error message refuses it.</param>
    public NodeAgent(NodeDescription description, string sweepRoot, IActorRef coordinator, IExperimentCompute compute, Func<NodeRegistered, string?>? admit = null)
    {
        _description = description;
        _sweepRoot = sweepRoot;
        _coordinator = coordinator;
        _compute = compute;
        _admit = admit ?? (_ => null);

        Receive<Register>(_ =>
        {
            _coordinator.Tell(new RegisterNode(_description));
            if (!Timers.IsTimerActive(nameof(Register))) Timers.StartPeriodicTimer(nameof(Register), Register.Instance, RetryInterval);
        });
        Receive<NodeRegistered>(registered =>
        {
            if (_dispatcher is not null && _dispatcher.Equals(Sender)) return; // a repeated registration's answer
            Timers.Cancel(nameof(Register));
            if ((_admit(registered) ?? ReadPlans(registered)) is { } refusal)
            {
                _log.Error("Node {0} cannot serve sweep {1}: {2}", _description.Name, registered.SweepId, refusal);
                Sender.Tell(new NodeDeclined(refusal)); // before stopping: the coordinator reports a refusal, not a lost node
                Context.System.EventStream.Publish(new NodeRefused(refusal));
                Context.Stop(Self);
                return;
            }
            _dispatcher = Sender;
            Context.Watch(_dispatcher);
            _log.Info("Node {0} joined sweep {1}", _description.Name, registered.SweepId);
            Context.System.EventStream.Publish(new NodeJoined(registered.SweepId));
            Timers.StartPeriodicTimer(nameof(PullAgain), PullAgain.Instance, RetryInterval);
            Pull();
        });
        Receive<PullAgain>(_ => Pull());
        Receive<SweepCompleted>(completed => Context.System.EventStream.Publish(completed));
        Receive<AssignWork>(assign =>
        {
            _assignmentsReceived++;
            if (!_plans.TryGetValue(assign.Problem, out var plan))
            {
                // The coordinator sent no plan for it (a bug there): the attempt fails on its side, the slot stays free.
                string error = $"node {_description.Name} was given no plan for {assign.Problem}";
                _log.Error("{0}: {1}", assign.AssignmentId, error);
                assign.ReportTo.Tell(new AssignmentReport.WorkerCrash(assign.AssignmentId, error));
                _dispatcher?.Tell(new AssignmentEnded(assign.AssignmentId));
                return;
            }
            var order = WorkOrder.FromWire(assign, plan);
            var runner = Context.ActorOf(AssignmentRunner.Props(order, _sweepRoot, _description.Name, _devicePool, _compute), $"assignment-{++_runnerSerial}");
            Context.Watch(runner);
            _runners[runner] = order.AssignmentId;
        });
        Receive<CancelAssignment>(cancel =>
        {
            foreach (var (runner, id) in _runners)
                if (id == cancel.AssignmentId) Context.Stop(runner);
        });
        Receive<NodeUnknown>(_ => CoordinatorLost("the coordinator does not know this node (it restarted)"));
        Receive<DeviceRetired>(retired =>
        {
            _retiredDevices[retired.Device] = retired.Reason;
            if (Capacity > 0)
            {
                Pull();
                return;
            }
            // A node without a device would only fail work that can run elsewhere: it leaves the sweep (its work is re-queued).
            string reason = "every device of this node failed: " + string.Join("; ", _retiredDevices.Select(r => $"{r.Key}: {r.Value}"));
            _log.Error("Node {0} leaves the sweep: {1}", _description.Name, reason);
            _dispatcher?.Tell(new NodeDeclined(reason));
            Context.System.EventStream.Publish(new NodeRefused(reason));
            Context.Stop(Self);
        });
        Receive<Terminated>(terminated =>
        {
            if (_runners.Remove(terminated.ActorRef, out var id))
            {
                _dispatcher?.Tell(new AssignmentEnded(id));
                Pull();
            }
            else if (terminated.ActorRef.Equals(_dispatcher)) CoordinatorLost("the coordinator stopped");
        });
    }

    public static Props Props(NodeDescription description, string sweepRoot, IActorRef coordinator, IExperimentCompute compute, Func<NodeRegistered, string?>? admit = null) =>
        Akka.Actor.Props.Create(() => new NodeAgent(description, sweepRoot, coordinator, compute, admit));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _devicePool = Context.ActorOf(DevicePool.Props(_description.Devices, _description.SlotsPerDevice), "devices");
        Context.System.EventStream.Publish(new NodeWaiting("waiting for the coordinator"));
        Self.Tell(Register.Instance);
    }

    /// <summary>Declared where the runners are created: a runner that throws is stopped; its Terminated frees the slot.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Stop));

    /// <summary>Reads the sweep's plans (see <see cref="ProblemPlanWire"/>); the reason to refuse the sweep if one reads differently here.</summary>
    private string? ReadPlans(NodeRegistered registered)
    {
        try
        {
            _plans = registered.Plans.Select(ProblemPlanWire.FromWire).ToDictionary(plan => plan.Problem);
            return null;
        }
        catch (WireFormatException e)
        {
            return e.Message;
        }
    }

    private int Capacity => (_description.Devices.Count - _retiredDevices.Count) * _description.SlotsPerDevice;

    private void Pull()
    {
        if (_dispatcher is null) return;
        _dispatcher.Tell(new RequestWork(Math.Max(0, Capacity - _runners.Count), _assignmentsReceived, _runners.Values.Order(StringComparer.Ordinal).ToList()));
    }

    /// <summary>Work of a coordinator that is gone would report to nobody: stop it (its successor offers it again) and register anew.</summary>
    private void CoordinatorLost(string reason)
    {
        _log.Warning("Node {0}: {1}; stopping {2} assignment(s) and registering again", _description.Name, reason, _runners.Count);
        if (_dispatcher is not null) Context.Unwatch(_dispatcher);
        _dispatcher = null;
        Timers.Cancel(nameof(PullAgain));
        foreach (var runner in _runners.Keys) Context.Stop(runner);
        _assignmentsReceived = 0;
        Context.System.EventStream.Publish(new NodeWaiting(reason));
        Self.Tell(Register.Instance);
    }
}
