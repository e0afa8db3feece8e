using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>A node's capacity is what it pulls for: never more than it asked, repeated requests included, and queued work goes to whoever asks.</summary>
public sealed class WorkPullingTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private IActorRef StartDispatcher() => Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));

    [Fact]
    public void A_registered_node_is_answered_with_the_sweep_its_data_checksum_and_its_plans()
    {
        var dispatcher = StartDispatcher();
        var node = CreateTestProbe();

        node.Send(dispatcher, new RegisterNode(new NodeDescription("node-a", ["cuda:0", "cuda:1"], 2)));

        var registered = node.ExpectMsg<NodeRegistered>(ProbeNode.Timeout);
        Assert.Equal(("sweep-1", "checksum-1"), (registered.SweepId, registered.DataChecksum));
        Assert.Equal(TestOrders.Plans.Select(ProblemPlanWire.ToWire), registered.Plans);
    }

    [Fact]
    public void A_node_gets_exactly_as_many_orders_as_free_slots_it_pulls_for_and_a_repeated_request_adds_none()
    {
        var status = new PublishedStatus(this);
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        var orders = TestOrders.Numbered(5, supervisor.Ref);
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));

        node.Pull(freeSlots: 2, assignmentsReceived: 0);
        node.ExpectAssigned(orders[0]);
        node.ExpectAssigned(orders[1]);
        node.ExpectNothing();
        Assert.Equal(new WorkAssigned("order-1", "node-a"), supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout));
        Assert.Equal(new WorkAssigned("order-2", "node-a"), supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout));

        // The same request again (the node's periodic pull before its assignments arrived): both are still on their way.
        node.Pull(freeSlots: 2, assignmentsReceived: 0);
        node.ExpectNothing();
        // One arrived and runs, the other is on its way: still nothing.
        node.Pull(freeSlots: 1, assignmentsReceived: 1);
        node.ExpectNothing();
        // Both arrived and run: no free slot.
        node.Pull(freeSlots: 0, assignmentsReceived: 2);
        node.ExpectNothing();
        supervisor.ExpectNoMsg(ProbeNode.Quiet);

        // One ends: its slot is pulled for again and gets the next order in queue order, and only that one.
        node.Ended("order-1");
        node.Pull(freeSlots: 1, assignmentsReceived: 2);
        node.ExpectAssigned(orders[2]);
        node.ExpectNothing();
        Assert.Equal(new WorkAssigned("order-3", "node-a"), supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout));

        // Published once the assignment is made: two queued, the node runs the second and third.
        status.WaitFor(s => s.Queued == 2 && s.Nodes.Single().Running.Select(r => r.AssignmentId).Order().SequenceEqual(["order-2", "order-3"]));
    }

    [Fact]
    public void Demand_of_a_node_that_pulled_before_any_work_was_offered_is_filled_as_work_arrives()
    {
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        node.Pull(freeSlots: 2, assignmentsReceived: 0);
        node.ExpectNothing();

        var orders = TestOrders.Numbered(3, supervisor.Ref);
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));

        node.ExpectAssigned(orders[0]);
        node.ExpectAssigned(orders[1]);
        node.ExpectNothing();
    }

    [Fact]
    public void A_node_that_joins_late_simply_pulls_the_queued_work()
    {
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var first = ProbeNode.Register(this, dispatcher, "node-a", slots: 1);
        var orders = TestOrders.Numbered(3, supervisor.Ref);
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));
        first.Pull(freeSlots: 1, assignmentsReceived: 0);
        first.ExpectAssigned(orders[0]);

        var late = ProbeNode.Register(this, dispatcher, "node-b", slots: 4);
        late.Pull(freeSlots: 4, assignmentsReceived: 0);

        late.ExpectAssigned(orders[1]);
        late.ExpectAssigned(orders[2]);
        late.ExpectNothing();
        first.ExpectNothing();
        Assert.Equal(["node-a", "node-b", "node-b"], supervisor.ReceiveN(3, ProbeNode.Timeout).Cast<WorkAssigned>().Select(a => a.Node));
    }

    [Fact]
    public void Work_goes_to_the_node_with_the_most_unfilled_slots_so_it_spreads_before_it_stacks()
    {
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var a = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        var b = ProbeNode.Register(this, dispatcher, "node-b", slots: 3);
        a.Pull(freeSlots: 2, assignmentsReceived: 0);
        b.Pull(freeSlots: 3, assignmentsReceived: 0);
        var orders = TestOrders.Numbered(4, supervisor.Ref);

        // Unfilled slots before each order: a 2, b 3 → b; a 2, b 2 → a (joined first); a 1, b 2 → b; a 1, b 1 → a.
        foreach (var order in orders) dispatcher.Tell(new OfferWork(order));

        b.ExpectAssigned(orders[0]);
        b.ExpectAssigned(orders[2]);
        b.ExpectNothing();
        a.ExpectAssigned(orders[1]);
        a.ExpectAssigned(orders[3]);
        a.ExpectNothing();
        Assert.Equal(["node-b", "node-a", "node-b", "node-a"], supervisor.ReceiveN(4, ProbeNode.Timeout).Cast<WorkAssigned>().Select(w => w.Node));
    }
}
