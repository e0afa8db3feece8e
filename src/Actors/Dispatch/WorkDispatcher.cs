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
public sealed class WorkDispatcher : ReceiveActor, IWithTimers
{
    private sealed class Node(NodeDescription description, DateTime joinedAt)
    {
        public NodeDescription Description { get; set; } = description;
        public DateTime JoinedAt { get; } = joinedAt;
        /// <summary>Pulled work at least once: it accepted the sweep (a node that declines it never pulls).</summary>
        public bool Admitted { get; set; }
        public int Demand { get; set; }
        public long AssignmentsSent { get; set; }
        /// <summary>Sent, never received (see <see cref="Reconcile"/>): no longer counted as on their way.</summary>
        public long AssignmentsLost { get; set; }
        public Dictionary<string, (WorkOrder Order, DateTime Since)> Running { get; } = new();
    }

    /// <summary>To itself: the nodes had <see cref="ReleaseWait"/> to leave the completed sweep.</summary>
    private sealed record ReleaseWaitOver : INoSerializationVerificationNeeded
    {
        public static ReleaseWaitOver Instance { get; } = new();
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
    private readonly List<RefusedNode> _refused = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _statusPending;
    private bool _completed;
    private SweepCompleted? _completion;
    private IActorRef? _releaseWaiter;

    /// <summary>How long the coordinator waits, after telling the nodes the sweep is complete, for the remote ones to leave.</summary>
    public static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(15);

    /// <summary>How long an assignment may be missing from its node's pulls before it is taken as lost on the way (nodes pull every 5 s).</summary>
    public static readonly TimeSpan DefaultLostAfter = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _lostAfter;

    public WorkDispatcher(string sweepId, string dataChecksum, IReadOnlyList<ProblemPlan> plans, TimeSpan? lostAfter = null)
    {
        _lostAfter = lostAfter ?? DefaultLostAfter;
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
            // No status yet: a node is shown from its first pull, when it has accepted the sweep (one that declines never is).
        });
        Receive<RequestWork>(request =>
        {
            if (!_nodes.TryGetValue(Sender, out var node))
            {
                Sender.Tell(NodeUnknown.Instance);
                return;
            }
            if (!node.Admitted)
            {
                node.Admitted = true;
                _log.Info("Node {0} accepted the sweep and pulls work", node.Description.Name);
                PublishStatus();
            }
            Reconcile(Sender, node, request.Running);
            long onTheirWay = node.AssignmentsSent - node.AssignmentsLost - request.AssignmentsReceived;
            node.Demand = Math.Max(0, request.FreeSlots - (int)Math.Max(0, onTheirWay));
            Dispatch();
        });
        Receive<AssignmentEnded>(ended =>
        {
            if (_nodes.TryGetValue(Sender, out var node) && node.Running.Remove(ended.AssignmentId)) PublishStatus();
        });
        Receive<NodeDeclined>(declined =>
        {
            if (!_nodes.Remove(Sender, out var node)) return;
            Context.Unwatch(Sender);
            _log.Warning("Node {0} refused the sweep: {1}", node.Description.Name, declined.Reason);
            _refused.Add(new RefusedNode(node.Description.Name, DateTime.UtcNow, declined.Reason));
            // A node whose devices all failed may decline with work running: that work goes elsewhere.
            RevokeRunning(node, $"node {node.Description.Name} left the sweep: {declined.Reason}");
            PublishStatus();
            ReleaseIfRemoteNodesLeft(); // it will send no Terminated: it is no longer watched
        });
        Receive<Terminated>(terminated =>
        {
            LoseNode(terminated.ActorRef);
            ReleaseIfRemoteNodesLeft();
        });
        Receive<SweepCompleted>(completed =>
        {
            _completed = true;
            _completion = completed;
            foreach (var agent in _nodes.Keys) agent.Tell(completed);
            _releaseWaiter = Sender;
            Timers.StartSingleTimer(nameof(ReleaseWaitOver), ReleaseWaitOver.Instance, ReleaseWait);
            ReleaseIfRemoteNodesLeft();
        });
        Receive<ReleaseWaitOver>(_ => Release());
        Receive<PublishPendingStatus>(_ =>
        {
            _statusPending = false;
            Context.System.EventStream.Publish(Status());
        });
    }

    /// <param name="plans">The plans of every problem whose work may be offered: a node receives them when it registers.</param>
    /// <param name="lostAfter">See <see cref="DefaultLostAfter"/>; tests shorten it.</param>
    public static Props Props(string sweepId, string dataChecksum, IReadOnlyList<ProblemPlan> plans, TimeSpan? lostAfter = null) =>
        Akka.Actor.Props.Create(() => new WorkDispatcher(sweepId, dataChecksum, plans, lostAfter));

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

    /// <summary>
    /// Squares the dispatcher's books with what the node says it runs. An assignment the node does not run although it was
    /// sent <see cref="_lostAfter"/> ago never arrived (a message lost on a live association: the node's pulls since then
    /// would list it, and an ended one was reported before this pull): it is revoked, and its supervisor offers it again.
    /// Work the node runs that the dispatcher does not know (withdrawn, or revoked as lost and then arrived late) is
    /// cancelled there: it would report to nobody, or twice.
    /// </summary>
    private void Reconcile(IActorRef agent, Node node, IReadOnlyList<string> running)
    {
        var runs = running.ToHashSet(StringComparer.Ordinal);
        foreach (var id in runs.Where(id => !node.Running.ContainsKey(id)))
        {
            _log.Warning("Node {0} runs {1}, which this dispatcher does not know (withdrawn, or given up as lost): cancelled there", node.Description.Name, id);
            agent.Tell(new CancelAssignment(id));
        }
        var now = DateTime.UtcNow;
        var neverArrived = node.Running.Where(r => !runs.Contains(r.Key) && now - r.Value.Since >= _lostAfter).ToList();
        foreach (var (id, (order, since)) in neverArrived)
        {
            _log.Warning("Assignment {0} sent to node {1} at {2:HH:mm:ss} never reached it: revoked, its supervisor offers it again", id, node.Description.Name, since);
            node.Running.Remove(id);
            node.AssignmentsLost++;
            order.ReportTo.Tell(new AssignmentRevoked(id, $"assignment never reached node {node.Description.Name}"));
        }
        if (neverArrived.Count > 0) PublishStatus();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A node agent on another machine (a local one, in the coordinator's process, stops with it).</summary>
    private static bool IsRemote(IActorRef agent) => agent.Path.Address.Host is not null;

    private void ReleaseIfRemoteNodesLeft()
    {
        if (_releaseWaiter is not null && !_nodes.Keys.Any(IsRemote)) Release();
    }

    private void Release()
    {
        if (_releaseWaiter is null) return;
        Timers.Cancel(nameof(ReleaseWaitOver));
        var stillThere = _nodes.Where(n => IsRemote(n.Key)).Select(n => n.Value.Description.Name).ToList();
        if (stillThere.Count > 0)
            _log.Warning("{0} node(s) had not left {1} s after being told the sweep is complete: {2}", stillThere.Count, ReleaseWait.TotalSeconds, string.Join(", ", stillThere));
        _releaseWaiter.Tell(new NodesReleased(stillThere));
        _releaseWaiter = null;
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
        if (!node.Admitted && node.Running.Count == 0)
        {
            // It went away between registering and its first pull: it ran nothing, and there is nothing to re-queue.
            _log.Info("Node {0} left before pulling any work", node.Description.Name);
            return;
        }
        if (_completed && node.Running.Count == 0)
        {
            // Told that the sweep is complete, the workers leave: that is not a lost node.
            _log.Info("Node {0} left the completed sweep", node.Description.Name);
            PublishStatus();
            return;
        }
        _log.Warning("Node {0} was lost; its {1} assignment(s) go back to the queue", node.Description.Name, node.Running.Count);
        _lost.Add(new LostNode(node.Description.Name, DateTime.UtcNow, node.Running.Count));
        RevokeRunning(node, $"node {node.Description.Name} was lost");
        PublishStatus();
    }

    /// <summary>Every assignment the node ran goes back to its supervisor, which offers it again (not a failed attempt).</summary>
    private static void RevokeRunning(Node node, string reason)
    {
        foreach (var (id, (order, _)) in node.Running)
            order.ReportTo.Tell(new AssignmentRevoked(id, reason));
    }

    private DispatchStatus Status() => new(
        _nodes.Values.Where(n => n.Admitted).Select(n => new NodeStatus(n.Description.Name, n.Description.Devices, n.Description.SlotsPerDevice, n.JoinedAt,
            n.Running.Select(r => new RunningWork(r.Key, r.Value.Order.Problem, r.Value.Order.Repetition, r.Value.Since)).OrderBy(r => r.Since).ToList())).ToList(),
        _lost.ToList(), _queue.Count, DateTime.UtcNow) { Refused = _refused.ToList() };

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
