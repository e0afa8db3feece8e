using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>A lost node's assignments are revoked to their supervisors (which offer them again); nothing else is touched.</summary>
public sealed class NodeLossTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private IActorRef StartDispatcher() => Sys.ActorOf(WorkDispatcher.Props("sweep-1", "checksum-1", TestOrders.Plans));

    [Fact]
    public void Each_assignment_of_a_stopped_node_is_revoked_to_its_own_supervisor_and_queued_work_goes_to_the_next_node()
    {
        var status = new PublishedStatus(this);
        var dispatcher = StartDispatcher();
        var supervisorA = CreateTestProbe();
        var supervisorB = CreateTestProbe();
        var lost = ProbeNode.Register(this, dispatcher, "node-a", slots: 3);
        var first = TestOrders.Repetition("a-1", supervisorA.Ref, repetition: 0);
        var second = TestOrders.Repetition("b-1", supervisorB.Ref, repetition: 0);
        var ended = TestOrders.Repetition("a-2", supervisorA.Ref, repetition: 1);
        var queued = TestOrders.Repetition("b-2", supervisorB.Ref, repetition: 1);
        foreach (var order in new[] { first, second, ended, queued }) dispatcher.Tell(new OfferWork(order));
        lost.Pull(freeSlots: 3, assignmentsReceived: 0);
        lost.ExpectAssigned(first);
        lost.ExpectAssigned(second);
        lost.ExpectAssigned(ended);
        lost.Ended("a-2"); // finished before the node was lost: not revoked
        Assert.Equal(["a-1", "a-2"], supervisorA.ReceiveN(2, ProbeNode.Timeout).Cast<WorkAssigned>().Select(w => w.AssignmentId));
        Assert.Equal("b-1", supervisorB.ExpectMsg<WorkAssigned>(ProbeNode.Timeout).AssignmentId);

        Sys.Stop(lost.Probe.Ref);

        Assert.Equal(new AssignmentRevoked("a-1", "node node-a was lost"), supervisorA.ExpectMsg<AssignmentRevoked>(ProbeNode.Timeout));
        Assert.Equal(new AssignmentRevoked("b-1", "node node-a was lost"), supervisorB.ExpectMsg<AssignmentRevoked>(ProbeNode.Timeout));
        supervisorA.ExpectNoMsg(ProbeNode.Quiet);
        supervisorB.ExpectNoMsg(ProbeNode.Quiet);
        var lostNode = Assert.Single(status.WaitFor(s => s.Nodes.Count == 0).Lost);
        Assert.Equal(("node-a", 2), (lostNode.Name, lostNode.AssignmentsRequeued));

        // The queued order stayed in the queue: the next node pulls it (the revoked ones are the supervisors' to offer again).
        var next = ProbeNode.Register(this, dispatcher, "node-b", slots: 2);
        next.Pull(freeSlots: 2, assignmentsReceived: 0);
        next.ExpectAssigned(queued);
        next.ExpectNothing();
    }

    [Fact]
    public void A_stopped_node_agent_that_ran_real_work_has_its_assignment_revoked()
    {
        var dispatcher = StartDispatcher();
        var supervisor = CreateTestProbe();
        var compute = new FakeCompute();
        var training = compute.Hold(ComputeCall.TrainIteration("cifar2", 0, 1));
        string artifacts = Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", "artifacts");
        var agent = LocalNodes.Join(Sys, dispatcher, compute, slots: 1, artifacts, name: "node-a");
        var order = TestOrders.Repetition("a-1", supervisor.Ref);
        dispatcher.Tell(new OfferWork(order));
        Assert.Equal(new WorkAssigned("a-1", "node-a"), supervisor.ExpectMsg<WorkAssigned>(ProbeNode.Timeout));
        AwaitCondition(() => compute.CountOf(ComputeCall.TrainIteration("cifar2", 0, 1)) == 1, ProbeNode.Timeout);

        Sys.Stop(agent);

        // The worker was stopped with its node: no report of its own, only the dispatcher's revocation.
        Assert.Equal(new AssignmentRevoked("a-1", "node node-a was lost"), supervisor.ExpectMsg<AssignmentRevoked>(ProbeNode.Timeout));
        supervisor.ExpectNoMsg(ProbeNode.Quiet);
        training.Set();
    }
}
