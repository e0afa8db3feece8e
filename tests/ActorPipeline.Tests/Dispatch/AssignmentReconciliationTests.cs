using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>
/// The dispatcher and a node square their books on every pull: an <see cref="AssignWork"/> lost on a live association
/// (dropped here by the probe node) is revoked after the grace period and its supervisor offers it again, and work the
/// node runs that the dispatcher no longer knows is cancelled on the node.
/// </summary>
public sealed class AssignmentReconciliationTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(1);

    [Fact]
    public void An_assignment_that_never_reached_its_node_is_revoked_after_the_grace_period_and_the_slot_is_filled_again()
    {
        var status = new PublishedStatus(this);
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans, LostAfter));
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        var orders = TestOrders.Numbered(3, supervisor.Ref);
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));

        node.Pull(freeSlots: 2, assignmentsReceived: 0);
        string dropped = node.DropAssignment();
        node.ExpectAssigned(orders[1]);
        Assert.Equal(orders[0].AssignmentId, dropped);
        Assert.Equal(["order-1", "order-2"], supervisor.ReceiveN(2, ProbeNode.Timeout).Cast<WorkAssigned>().Select(w => w.AssignmentId));

        // Within the grace period a missing assignment may still be on its way: nothing is revoked, nothing more assigned.
        node.Pull(freeSlots: 1, assignmentsReceived: 1);
        node.ExpectNothing();
        supervisor.ExpectNoMsg(ProbeNode.Quiet);

        Thread.Sleep(LostAfter);
        node.Pull(freeSlots: 1, assignmentsReceived: 1);
        Assert.Equal(new AssignmentRevoked("order-1", "assignment never reached node node-a"), supervisor.ExpectMsg<AssignmentRevoked>(ProbeNode.Timeout));
        // The lost one no longer counts as on its way: the free slot gets the queued order at once.
        node.ExpectAssigned(orders[2]);
        Assert.Equal("order-3", supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout).AssignmentId);
        var now = status.WaitFor(s => s.Nodes.Single().Running.Select(r => r.AssignmentId).Order().SequenceEqual(["order-2", "order-3"]));
        Assert.Empty(now.Lost); // the node itself is not lost
    }

    /// <summary>A dispatcher with the short grace period and a node of <paramref name="slots"/> slots that runs "order-1".</summary>
    private (IActorRef Dispatcher, Akka.TestKit.TestProbe Supervisor, ProbeNode Node) NodeRunningOneOrder(int slots)
    {
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans, LostAfter));
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots);
        var order = TestOrders.Repetition("order-1", supervisor.Ref);
        dispatcher.Tell(new OfferWork(order));
        node.Pull(freeSlots: slots, assignmentsReceived: 0);
        node.ExpectAssigned(order);
        return (dispatcher, supervisor, node);
    }

    [Fact]
    public void Work_a_node_runs_that_the_dispatcher_does_not_know_is_cancelled_on_the_node()
    {
        var (dispatcher, supervisor, node) = NodeRunningOneOrder(slots: 2);

        // Its CancelAssignment after the withdrawal is lost (the probe ignores it); the node goes on listing the work.
        dispatcher.Tell(new WithdrawWork("order-1"));
        Assert.Equal(new CancelAssignment("order-1"), node.Probe.ExpectMsg<CancelAssignment>(ProbeNode.Timeout));
        node.Pull(freeSlots: 1, assignmentsReceived: 1);

        Assert.Equal(new CancelAssignment("order-1"), node.Probe.ExpectMsg<CancelAssignment>(ProbeNode.Timeout));
        supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout);
        supervisor.ExpectNoMsg(ProbeNode.Quiet); // a withdrawn order is not revoked: nobody offers it again
    }

    [Fact]
    public void A_node_that_lists_everything_it_was_sent_keeps_it_however_long_it_runs()
    {
        var (dispatcher, supervisor, node) = NodeRunningOneOrder(slots: 1);
        supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout);

        Thread.Sleep(LostAfter * 1.5);
        node.Pull(freeSlots: 0, assignmentsReceived: 1);
        node.ExpectNothing();
        supervisor.ExpectNoMsg(ProbeNode.Quiet);
    }
}
