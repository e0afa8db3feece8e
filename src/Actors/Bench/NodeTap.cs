using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Wire;
using Akka.Actor;

namespace ActorPipeline.Actors.Bench;

/// <summary>
/// One simulated node: a real <see cref="NodeAgent"/> (its child) that registers with this tap as if it were the
/// coordinator, and the tap passes everything on both ways unchanged, so the dispatcher knows the tap as the node.
/// On the way it times each <see cref="AssignWork"/> (from its offer, or from the moment this node had a slot free
/// when that was later: work that waited for a slot is not the dispatcher's latency) and puts a
/// <see cref="ReportRelay"/> between the assignment's runner and its supervisor.
/// </summary>
public sealed class NodeTap : ReceiveActor
{
    private readonly NodeDescription _description;
    private readonly string _sweepRoot;
    private readonly IExperimentCompute _compute;
    private readonly string? _agentThreadPool;
    /// <summary>When each free slot of the node became free, oldest first: an assignment fills the oldest.</summary>
    private readonly Queue<long> _freeSince = new();
    private IActorRef _agent = ActorRefs.Nobody;
    private IActorRef _dispatcher = ActorRefs.Nobody;
    private int _relaySerial;

    /// <param name="agentThreadPool">The Akka dispatcher id of the node agent's threads (the bench's node thread pool), null: the default threads. The tap itself stays on the default ones, with the coordinator, so its timestamps are not held up by the simulated work.</param>
    public NodeTap(NodeDescription description, string sweepRoot, IActorRef coordinator, IExperimentCompute compute, CoordinatorMeasurements measurements, string? agentThreadPool)
    {
        _agentThreadPool = agentThreadPool;
        _description = description;
        _sweepRoot = sweepRoot;
        _compute = compute;

        // From the agent to the coordinator, and from then on to its dispatcher.
        Receive<RegisterNode>(register => coordinator.Tell(register));
        Receive<RequestWork>(request => _dispatcher.Tell(request));
        Receive<AssignmentEnded>(ended =>
        {
            _freeSince.Enqueue(Stopwatch.GetTimestamp());
            _dispatcher.Tell(ended);
        });

        // From the dispatcher to the agent.
        Receive<NodeRegistered>(registered =>
        {
            if (_dispatcher.IsNobody())
                for (int slot = 0; slot < _description.Slots; slot++) _freeSince.Enqueue(Stopwatch.GetTimestamp());
            _dispatcher = Sender;
            _agent.Tell(registered);
        });
        Receive<AssignWork>(assign =>
        {
            long now = Stopwatch.GetTimestamp();
            long? slotFree = _freeSince.TryDequeue(out var since) ? since : null;
            if (measurements.Offers.Take(assign.AssignmentId) is { } offered) measurements.Assignment.Add(Math.Max(offered, slotFree ?? offered), now);
            else measurements.AssignmentWithoutOffer();
            var relay = Context.ActorOf(ReportRelay.Props(assign.ReportTo, measurements), $"relay-{++_relaySerial}");
            _agent.Tell(assign with { ReportTo = relay });
        });
        Receive<CancelAssignment>(cancel => _agent.Tell(cancel));
        Receive<NodeUnknown>(unknown => _agent.Tell(unknown));
    }

    public static Props Props(NodeDescription description, string sweepRoot, IActorRef coordinator, IExperimentCompute compute, CoordinatorMeasurements measurements,
        string? agentThreadPool = null) =>
        Akka.Actor.Props.Create(() => new NodeTap(description, sweepRoot, coordinator, compute, measurements, agentThreadPool));

    protected override void PreStart()
    {
        var agent = NodeAgent.Props(_description, _sweepRoot, Self, _compute);
        _agent = Context.ActorOf(_agentThreadPool is null ? agent : agent.WithDispatcher(_agentThreadPool), "agent");
    }
}
