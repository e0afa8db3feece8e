using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Wire;
using Akka.Actor;
using Akka.TestKit;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>
/// A test probe playing a node agent: registers with the dispatcher, then pulls only when the test says so and with the
/// counts the test gives, so what the dispatcher answers to each request is exact.
/// </summary>
internal sealed class ProbeNode
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly IActorRef _dispatcher;
    private readonly SortedSet<string> _running = new(StringComparer.Ordinal);

    private ProbeNode(TestProbe probe, IActorRef dispatcher, NodeDescription description)
    {
        Probe = probe;
        _dispatcher = dispatcher;
        Description = description;
    }

    public TestProbe Probe { get; }
    public NodeDescription Description { get; }
    public string Name => Description.Name;

    /// <summary>Registers a node of <paramref name="slots"/> CPU slots, waits until the dispatcher took it in, and accepts the sweep (an empty pull).</summary>
    public static ProbeNode Register(TestKitBase kit, IActorRef dispatcher, string name, int slots)
    {
        var node = new ProbeNode(kit.CreateTestProbe(name), dispatcher, new NodeDescription(name, ["cpu"], slots));
        node.Probe.Send(dispatcher, new RegisterNode(node.Description));
        node.Probe.ExpectMsg<NodeRegistered>(Timeout);
        // As a node agent does once it accepted the sweep: a first pull (here of nothing) makes it a member that can be lost.
        node.Pull(freeSlots: 0, assignmentsReceived: 0);
        return node;
    }

    /// <summary>Pulls listing what it runs: every assignment it was <see cref="ExpectAssigned"/> and has not <see cref="Ended"/>.</summary>
    public void Pull(int freeSlots, long assignmentsReceived) => Probe.Send(_dispatcher, new RequestWork(freeSlots, assignmentsReceived, _running.ToList()));

    public void Ended(string assignmentId)
    {
        _running.Remove(assignmentId);
        Probe.Send(_dispatcher, new AssignmentEnded(assignmentId));
    }

    /// <summary>The next message is the assignment of exactly <paramref name="order"/>; the node runs it from now on.</summary>
    public void ExpectAssigned(WorkOrder order)
    {
        Assert.Equal(order.AssignmentId, Probe.ExpectMsg<AssignWork>(Timeout).AssignmentId);
        _running.Add(order.AssignmentId);
    }

    /// <summary>The next message is an assignment that this node then drops, as if it never arrived.</summary>
    public string DropAssignment() => Probe.ExpectMsg<AssignWork>(Timeout).AssignmentId;

    public void ExpectNothing() => Probe.ExpectNoMsg(Quiet);
}
