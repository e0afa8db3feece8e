using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Dispatch;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.ProblemSupervision;

/// <summary>
/// A problem supervisor that stops (a crash, or its coordinator stopping it) withdraws every offer it still holds: work
/// that runs is cancelled on its node, queued work leaves the queue; nothing would report to anyone, and its successor
/// offers the work again.
/// </summary>
public sealed class SupervisorStopTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    [Fact]
    public void A_stopped_supervisor_cancels_its_running_work_on_the_node_and_takes_its_queued_work_out_of_the_queue()
    {
        var statuses = CreateTestProbe();
        Sys.EventStream.Subscribe(statuses, typeof(DispatchStatus));
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props("sweep-1", dataChecksum: "", []));
        var node = ProbeNode.Register(this, dispatcher, "node-a", slots: 2);
        var supervisor = Sys.ActorOf(ProblemSupervisor.Props("stop-" + Guid.NewGuid().ToString("N")[..8], FakePlans.Problem(repetitions: 3, iterations: 1),
            "artifacts", FakePlans.QuickRetries, dispatcher));
        supervisor.Tell(new RunProblem(TraceParent: null));
        // The dense network trains and is recorded; then the three repetitions are offered: one runs, two wait in the queue.
        node.Pull(freeSlots: 1, assignmentsReceived: 0);
        var dense = node.Probe.ExpectMsg<AssignWork>(ProbeNode.Timeout);
        node.Probe.Send(dense.ReportTo, new AssignmentReport.DenseTrained(dense.AssignmentId, "artifacts/cifar2/dense/final.pt", "artifacts/cifar2/dense/rewind.pt", 2, 0.9));
        node.Ended(dense.AssignmentId);
        node.Pull(freeSlots: 1, assignmentsReceived: 1);
        var running = node.Probe.ExpectMsg<AssignWork>(ProbeNode.Timeout);
        statuses.FishForMessage<DispatchStatus>(s => s.Queued == 2, ProbeNode.Timeout);

        Sys.Stop(supervisor);

        Assert.Equal(new CancelAssignment(running.AssignmentId), node.Probe.ExpectMsg<CancelAssignment>(ProbeNode.Timeout));
        var status = statuses.FishForMessage<DispatchStatus>(s => s.Queued == 0, ProbeNode.Timeout);
        Assert.Empty(Assert.Single(status.Nodes).Running);
        node.Pull(freeSlots: 2, assignmentsReceived: 2);
        node.ExpectNothing(); // nothing of the stopped supervisor's is handed out any more
    }
}
