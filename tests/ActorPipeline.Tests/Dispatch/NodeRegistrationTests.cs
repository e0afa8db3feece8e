using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>A node agent reads the problems' plans it gets when it registers; work then names its problem.</summary>
public sealed class NodeRegistrationTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly string Root = SweepPaths.Root(Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", "artifacts"));

    private IActorRef StartAgent(out Akka.TestKit.TestProbe coordinator)
    {
        coordinator = CreateTestProbe();
        var agent = Sys.ActorOf(NodeAgent.Props(new NodeDescription("node-a", ["cpu"], 1), Root, coordinator.Ref, new FakeCompute()));
        coordinator.ExpectMsg<RegisterNode>(ProbeNode.Timeout);
        return agent;
    }

    [Fact]
    public void A_node_that_reads_a_plan_differently_is_refused_and_leaves()
    {
        var refusals = CreateTestProbe();
        Sys.EventStream.Subscribe(refusals.Ref, typeof(NodeRefused));
        var agent = StartAgent(out var coordinator);
        Watch(agent);
        var plan = ProblemPlanWire.ToWire(FakePlans.Problem());

        coordinator.Reply(new NodeRegistered("sweep-1", "", [plan with { Hash = "000000000000" }]));

        Assert.Contains("reads differently here", refusals.ExpectMsg<NodeRefused>(ProbeNode.Timeout).Reason);
        ExpectTerminated(agent, ProbeNode.Timeout);
        // It tells the dispatcher why (so the coordinator reports a refusal, not a lost node), and never pulls.
        Assert.Contains("reads differently here", coordinator.ExpectMsg<NodeDeclined>(ProbeNode.Timeout).Reason);
        coordinator.ExpectNoMsg(ProbeNode.Quiet);
    }

    [Fact]
    public void Work_of_a_problem_the_node_has_no_plan_for_fails_its_attempt_and_frees_the_slot()
    {
        StartAgent(out var coordinator);
        coordinator.Reply(new NodeRegistered("sweep-1", "", [ProblemPlanWire.ToWire(FakePlans.Problem("cifar2"))]));
        Assert.Equal(new RequestWork(1, 0, []), coordinator.ExpectMsg<RequestWork>(ProbeNode.Timeout));
        var supervisor = CreateTestProbe();

        coordinator.Reply(new AssignWork("a-1", "cifar4", 0, new StartStep(1, false), "artifacts/cifar4/dense", "artifacts/cifar4/rep-00", null, supervisor.Ref));

        var crash = supervisor.ExpectMsg<AssignmentReport.WorkerCrash>(ProbeNode.Timeout);
        Assert.Equal("a-1", crash.AssignmentId);
        Assert.Contains("no plan for cifar4", crash.Error);
        Assert.Equal(new AssignmentEnded("a-1"), coordinator.ExpectMsg<AssignmentEnded>(ProbeNode.Timeout));
    }
}
