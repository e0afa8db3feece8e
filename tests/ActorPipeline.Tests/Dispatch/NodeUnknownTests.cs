using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>A dispatcher that does not know a puller (it restarted) says so, and the node agent registers again.</summary>
public sealed class NodeUnknownTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    [Fact]
    public void Work_requested_by_a_node_that_never_registered_is_answered_with_NodeUnknown_and_nothing_is_assigned()
    {
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));
        var supervisor = CreateTestProbe();
        dispatcher.Tell(new OfferWork(TestOrders.Repetition("order-1", supervisor.Ref)));
        var stranger = CreateTestProbe();

        stranger.Send(dispatcher, new RequestWork(FreeSlots: 1, AssignmentsReceived: 0, Running: []));

        Assert.Same(NodeUnknown.Instance, stranger.ExpectMsg<NodeUnknown>(ProbeNode.Timeout));
        stranger.ExpectNoMsg(ProbeNode.Quiet);
        supervisor.ExpectNoMsg(ProbeNode.Quiet);
    }

    [Fact]
    public void A_node_agent_told_NodeUnknown_registers_again_and_pulls_with_its_counts_reset()
    {
        var coordinator = CreateTestProbe();
        var description = new NodeDescription("node-a", ["cpu"], SlotsPerDevice: 2);
        string root = SweepPaths.Root(Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", "artifacts"));
        var agent = Sys.ActorOf(NodeAgent.Props(description, root, coordinator.Ref, new FakeCompute()));
        Assert.Equal(description, coordinator.ExpectMsg<RegisterNode>(ProbeNode.Timeout).Node);
        coordinator.Reply(new NodeRegistered("sweep-1", "checksum-1", []));
        Assert.Equal(new RequestWork(2, 0, []), coordinator.ExpectMsg<RequestWork>(ProbeNode.Timeout));
        Assert.Equal(agent, coordinator.LastSender);

        // A joined agent registers only when it loses its coordinator: this registration answers NodeUnknown, no retry timer runs.
        coordinator.Reply(NodeUnknown.Instance);

        Assert.Equal(description, coordinator.ExpectMsg<RegisterNode>(ProbeNode.Timeout).Node);
        coordinator.Reply(new NodeRegistered("sweep-1", "checksum-1", []));
        Assert.Equal(new RequestWork(2, 0, []), coordinator.ExpectMsg<RequestWork>(ProbeNode.Timeout));
    }

    [Fact]
    public async Task A_node_agent_whose_dispatcher_restarted_is_told_NodeUnknown_at_its_next_pull_and_rejoins_to_get_work_again()
    {
        var status = new PublishedStatus(this);
        var host = Sys.ActorOf(Props.Create(() => new RestartingHost()), "coordinator");
        var dispatcher = await host.Ask<IActorRef>(RestartingHost.GetChild.Instance, ProbeNode.Timeout);
        var supervisor = CreateTestProbe();
        // The node's only slot runs an attempt that fails once the test lets it go: its end makes the node pull again.
        var failing = ComputeCall.OpenRepetition("cifar2", 0);
        var compute = new FakeCompute().FailWhen((call, _) => call == failing ? new InvalidOperationException("injected") : null);
        var release = compute.Hold(failing);
        LocalNodes.Join(Sys, dispatcher, compute, slots: 1, Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", "artifacts"), name: "node-a");
        dispatcher.Tell(new OfferWork(TestOrders.Repetition("order-1", supervisor.Ref, repetition: 0)));
        Assert.Equal(new WorkAssigned("order-1", "node-a"), supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout));
        AwaitCondition(() => compute.CountOf(failing) == 1, ProbeNode.Timeout);

        // The dispatcher restarts (same ref, empty state) and gets new work while the node still runs the old one.
        dispatcher.Tell(Kill.Instance);
        dispatcher.Tell(new OfferWork(TestOrders.Repetition("order-2", supervisor.Ref, repetition: 1)));
        status.WaitFor(s => s.Nodes.Count == 0 && s.Queued == 1); // handled after the restart (same mailbox): it knows no node
        release.Set();

        // The attempt ends, the node pulls for its slot and meets NodeUnknown; it registers again and gets the queued work.
        // (Fished for: should the node's periodic pull come first, the old attempt is stopped without a report; the outcome is the same.)
        supervisor.FishForMessage<WorkAssigned>(assigned => assigned == new WorkAssigned("order-2", "node-a"), ProbeNode.Timeout);
        status.WaitFor(s => s.Nodes.Select(n => n.Name).SequenceEqual(["node-a"]));
    }

    /// <summary>Stands for the coordinator: a dispatcher child that a failure restarts with its state lost, under the same ref.</summary>
    private sealed class RestartingHost : ReceiveActor
    {
        public sealed record GetChild
        {
            public static GetChild Instance { get; } = new();
        }

        public RestartingHost()
        {
            var dispatcher = Context.ActorOf(WorkDispatcher.Props("sweep-1", "", TestOrders.Plans), "dispatcher");
            Receive<GetChild>(_ => Sender.Tell(dispatcher));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Restart));
    }
}
