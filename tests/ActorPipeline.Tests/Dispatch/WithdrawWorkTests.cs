using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>Work a supervisor no longer wants leaves the queue, or is cancelled on the node that runs it.</summary>
public sealed class WithdrawWorkTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private IActorRef StartDispatcher() => Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));

    [Fact]
    public void Withdrawn_queued_work_is_never_assigned()
    {
        var status = new PublishedStatus(this);
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        var orders = TestOrders.Numbered(2, supervisor.Ref);
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));

        dispatcher.Tell(new WithdrawWork("order-1"));
        node.Pull(freeSlots: 2, assignmentsReceived: 0);

        node.ExpectAssigned(orders[1]);
        node.ExpectNothing();
        Assert.Equal(new WorkAssigned("order-2", "node-a"), supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout));
        supervisor.ExpectNoMsg(ProbeNode.Quiet);
        status.WaitFor(s => s.Queued == 0 && s.Nodes.Single().Running.Select(r => r.AssignmentId).SequenceEqual(["order-2"]));
    }

    [Fact]
    public void Withdrawn_assigned_work_is_cancelled_on_its_node_and_not_revoked_when_the_node_is_lost()
    {
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        var orders = TestOrders.Numbered(2, supervisor.Ref);
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));
        node.Pull(freeSlots: 2, assignmentsReceived: 0);
        node.ExpectAssigned(orders[0]);
        node.ExpectAssigned(orders[1]);
        supervisor.ReceiveN(2, ProbeNode.Timeout);

        dispatcher.Tell(new WithdrawWork("order-1"));

        Assert.Equal(new CancelAssignment("order-1"), node.Probe.ExpectMsg<CancelAssignment>(ProbeNode.Timeout));
        node.ExpectNothing();

        // Only the assignment it still runs is revoked with the node.
        Sys.Stop(node.Probe.Ref);
        Assert.Equal("order-2", supervisor.ExpectMsg<AssignmentRevoked>(ProbeNode.Timeout).AssignmentId);
        supervisor.ExpectNoMsg(ProbeNode.Quiet);
    }

    [Fact]
    public void Withdrawing_an_unknown_assignment_changes_nothing()
    {
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 1);
        var order = TestOrders.Repetition("order-1", supervisor.Ref);
        dispatcher.Tell(new OfferWork(order));

        dispatcher.Tell(new WithdrawWork("no-such-order"));
        node.ExpectNothing();
        node.Pull(freeSlots: 1, assignmentsReceived: 0);

        node.ExpectAssigned(order);
    }
}
