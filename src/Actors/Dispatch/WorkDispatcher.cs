using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Dispatch;

/// <summary>
/// The sweep's work queue (one, in the coordinator): problem supervisors offer work, node agents pull it, one piece per
/// free slot, so a node's capacity is what it asks for and a late joiner simply starts pulling. Node agents are watched:
/// a node that is lost (removed from the cluster, or its agent stopped) gets its assignments revoked, and their
/// supervisors offer them again, without counting a failed attempt. Holds no journal: what is recorded lives in the supervisors.
/// It is where work leaves the coordinator: a registered node gets the problems' plans once, and each assignment names its
/// problem (<see cref="WorkOrder.ToWire"/>).
/// </summary>
public sealed class WorkDispatcher : ReceiveActor
{
    private sealed class Node(NodeDescription description, DateTime joinedAt)
    {
        public NodeDescription Description { get; set; } = description;
        public DateTime JoinedAt { get; } = joinedAt;
        public int Demand { get; set; }
        public long AssignmentsSent { get; set; }
        public Dictionary<string, (WorkOrder Order, DateTime Since)> Running { get; } = new();
    }

    /// <summary>To itself: publish the status (see <see cref="PublishStatus"/>).</summary>
    private sealed record PublishPendingStatus : INoSerializationVerificationNeeded
    {
        public static PublishPendingStatus Instance { get; } = new();
    }

    /// <summary>The answer to every registration: the sweep, its data, the plans of its problems.</summary>
    private readonly NodeRegistered _registered;
    private readonly LinkedList<WorkOrder> _queue = new();
    private readonly Dictionary<IActorRef, Node> _nodes = new();
    private readonly List<LostNode> _lost = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _statusPending;
    private bool _completed;
    private SweepCompleted? _completion;

    public WorkDispatcher(string sweepId, string dataChecksum, IReadOnlyList<ProblemPlan> plans)
    {
        _registered = new NodeRegistered(sweepId, dataChecksum, plans.Select(ProblemPlanWire.ToWire).ToList());

        Receive<OfferWork>(offer =>
        {
            _queue.AddLast(offer.Order);
            Dispatch();
            PublishStatus();
        });
        Receive<WithdrawWork>(withdraw => Withdraw(withdraw.AssignmentId));
        Receive<RegisterNode>(register =>
        {
            if (_nodes.TryGetValue(Sender, out var known)) known.Description = register.Node;
            else
            {
                Context.Watch(Sender);
                _nodes[Sender] = new Node(register.Node, DateTime.UtcNow);
                _log.Info("Node {0} joined the sweep: {1} × {2} slots", register.Node.Name, string.Join(",", register.Node.Devices), register.Node.SlotsPerDevice);
            }
            Sender.Tell(_registered);
            // A node that registers after the sweep completed (a late worker) is told at once: it would wait for work forever.
            if (_completion is { } completion) Sender.Tell(completion);
            PublishStatus();
        });
        Receive<RequestWork>(request =>
        {
            if (!_nodes.TryGetValue(Sender, out var node))
            {
                Sender.Tell(NodeUnknown.Instance);
                return;
            }
            long onTheirWay = node.AssignmentsSent - request.AssignmentsReceived;
            node.Demand = Math.Max(0, request.FreeSlots - (int)Math.Max(0, onTheirWay));
            Dispatch();
        });
        Receive<AssignmentEnded>(ended =>
        {
            if (_nodes.TryGetValue(Sender, out var node) && node.Running.Remove(ended.AssignmentId)) PublishStatus();
        });
        Receive<Terminated>(terminated => LoseNode(terminated.ActorRef));
        Receive<SweepCompleted>(completed =>
        {
            _completed = true;
            _completion = completed;
            foreach (var agent in _nodes.Keys) agent.Tell(completed);
        });
        Receive<PublishPendingStatus>(_ =>
        {
            _statusPending = false;
            Context.System.EventStream.Publish(Status());
        });
    }

    /// <param name="plans">The plans of every problem whose work may be offered: a node receives them when it registers.</param>
    public static Props Props(string sweepId, string dataChecksum, IReadOnlyList<ProblemPlan> plans) =>
        Akka.Actor.Props.Create(() => new WorkDispatcher(sweepId, dataChecksum, plans));

    /// <summary>Fills the demand of the nodes, the node with the most unfilled slots first, so work spreads over machines before it stacks on one.</summary>
    private void Dispatch()
    {
        bool assigned = false;
        while (_queue.First is { } first)
        {
            var target = _nodes.Where(n => n.Value.Demand > 0).OrderByDescending(n => n.Value.Demand).ThenBy(n => n.Value.JoinedAt).Select(n => n.Key).FirstOrDefault();
            if (target is null) break;
            var node = _nodes[target];
            _queue.RemoveFirst();
            var order = first.Value;
            node.Demand--;
            node.AssignmentsSent++;
            node.Running[order.AssignmentId] = (order, DateTime.UtcNow);
            target.Tell(order.ToWire());
            order.ReportTo.Tell(new WorkAssigned(order.AssignmentId, node.Description.Name));
            assigned = true;
        }
        if (assigned) PublishStatus();
    }

    private void Withdraw(string assignmentId)
    {
        var queued = _queue.FirstOrDefault(o => o.AssignmentId == assignmentId);
        if (queued is not null) _queue.Remove(queued);
        foreach (var (agent, node) in _nodes)
            if (node.Running.Remove(assignmentId))
                agent.Tell(new CancelAssignment(assignmentId));
        PublishStatus();
    }

    private void LoseNode(IActorRef agent)
    {
        if (!_nodes.Remove(agent, out var node)) return;
        if (_completed && node.Running.Count == 0)
        {
            // Told that the sweep is complete, the workers leave: that is not a lost node.
            _log.Info("Node {0} left the completed sweep", node.Description.Name);
            PublishStatus();
            return;
        }
        _log.Warning("Node {0} was lost; its {1} assignment(s) go back to the queue", node.Description.Name, node.Running.Count);
        _lost.Add(new LostNode(node.Description.Name, DateTime.UtcNow, node.Running.Count));
        foreach (var (id, (order, _)) in node.Running)
            order.ReportTo.Tell(new AssignmentRevoked(id, $"node {node.Description.Name} was lost"));
        PublishStatus();
    }

    private DispatchStatus Status() => new(
        _nodes.Values.Select(n => new NodeStatus(n.Description.Name, n.Description.Devices, n.Description.SlotsPerDevice, n.JoinedAt,
            n.Running.Select(r => new RunningWork(r.Key, r.Value.Order.Problem, r.Value.Order.Repetition, r.Value.Since)).OrderBy(r => r.Since).ToList())).ToList(),
        _lost.ToList(), _queue.Count, DateTime.UtcNow);

    /// <summary>
    /// Publishes the status once every change already in the mailbox is handled: a burst of offers or assignments (a
    /// sweep's start: hundreds) publishes one status, not one per change, each of which lists every running assignment.
    /// </summary>
    private void PublishStatus()
    {
        if (_statusPending) return;
        _statusPending = true;
        Self.Tell(PublishPendingStatus.Instance);
    }
}
