using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>
/// A node that declines the sweep (wrong folder, wrong data, another release) is a refused node with its reason, never a
/// lost one: the coordinator's terminal and `sweep status` say why, and nothing is re-queued.
/// </summary>
public sealed class NodeRefusalTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    [Fact]
    public void A_node_that_declines_is_listed_as_refused_with_its_reason_and_its_departure_is_not_a_loss()
    {
        var status = new PublishedStatus(this);
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));
        var declining = CreateTestProbe("node-b");
        declining.Send(dispatcher, new RegisterNode(new NodeDescription("10.0.0.2:4054", ["cuda:0"], 1)));
        declining.ExpectMsg<NodeRegistered>(ProbeNode.Timeout);
        const string reason = "--sweep-folder /mnt/sweeps holds no sweep.json: it is the folder above a sweep: pass --sweep-folder /mnt/sweeps/sweep-paper-abc";

        declining.Send(dispatcher, new NodeDeclined(reason));
        Sys.Stop(declining.Ref);

        var settled = status.WaitFor(s => s.Refused.Count == 1);
        var refused = Assert.Single(settled.Refused);
        Assert.Equal(("10.0.0.2:4054", reason), (refused.Name, refused.Reason));
        Assert.Empty(settled.Nodes);
        Assert.Empty(settled.Lost);

        var lines = ClusterNodeChanges.Between(null, settled).ToList();
        Assert.Equal($"node 10.0.0.2:4054 refused at {refused.At.ToLocalTime():HH:mm:ss}, it runs nothing: {reason}", Assert.Single(lines));
        Assert.DoesNotContain(lines, line => line.Contains("joined") || line.Contains("lost"));
    }

    [Fact]
    public void A_node_that_goes_away_before_its_first_pull_is_neither_lost_nor_listed()
    {
        var status = new PublishedStatus(this);
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));
        var brief = CreateTestProbe();
        brief.Send(dispatcher, new RegisterNode(new NodeDescription("node-a", ["cpu"], 1)));
        brief.ExpectMsg<NodeRegistered>(ProbeNode.Timeout);
        var member = ProbeNode.Register(this, dispatcher, "node-b", slots: 1);

        Sys.Stop(brief.Ref);
        Sys.Stop(member.Probe.Ref);

        var last = status.WaitFor(s => s.Lost.Count == 1);
        Assert.Equal(["node-b"], last.Lost.Select(l => l.Name));
        Assert.Empty(last.Refused);
    }
}
