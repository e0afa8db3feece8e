using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>When the sweep is complete every node is told (a worker then exits), and nodes that leave afterwards are not "lost".</summary>
public sealed class SweepCompletionTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    [Fact]
    public void Every_node_is_told_the_sweep_is_complete_and_its_departure_is_not_a_lost_node()
    {
        var status = new PublishedStatus(this);
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));
        var early = ProbeNode.Register(this, dispatcher, "node-a", slots: 1);
        var late = ProbeNode.Register(this, dispatcher, "node-b", slots: 1);
        Sys.Stop(early.Probe.Ref); // lost while the sweep runs: listed
        status.WaitFor(s => s.Lost.Count == 1);

        dispatcher.Tell(new SweepCompleted("sweep-1"));
        Assert.Equal(new SweepCompleted("sweep-1"), late.Probe.ExpectMsg<SweepCompleted>(ProbeNode.Timeout));
        Sys.Stop(late.Probe.Ref); // leaves because the sweep is complete: not listed

        var last = status.WaitFor(s => s.Nodes.Count == 0);
        Assert.Equal(["node-a"], last.Lost.Select(l => l.Name));
    }

    [Fact]
    public void A_node_that_registers_after_the_sweep_completed_is_told_at_once()
    {
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));
        dispatcher.Tell(new SweepCompleted("sweep-1"));
        // A worker that joined as the last step was recorded: without the news it would wait for work forever.
        var late = ProbeNode.Register(this, dispatcher, "node-late", slots: 1);
        Assert.Equal(new SweepCompleted("sweep-1"), late.Probe.ExpectMsg<SweepCompleted>(ProbeNode.Timeout));
    }

    [Fact]
    public void The_coordinator_is_released_at_once_when_no_node_is_on_another_machine()
    {
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));
        var local = ProbeNode.Register(this, dispatcher, "local", slots: 1); // in the coordinator's process: it stops with it
        var coordinator = CreateTestProbe();

        coordinator.Send(dispatcher, new SweepCompleted("sweep-1"));

        Assert.Equal(new SweepCompleted("sweep-1"), local.Probe.ExpectMsg<SweepCompleted>(ProbeNode.Timeout));
        Assert.Empty(coordinator.ExpectMsg<NodesReleased>(ProbeNode.Timeout).StillThere);
    }
}
