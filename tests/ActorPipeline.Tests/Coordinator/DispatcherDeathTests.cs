using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Coordinator;

/// <summary>
/// The work dispatcher holds no state worth a restart; when it dies (a bug) or stops, the coordinator stops the sweep:
/// the host says so with its exit code, the nodes stop their work and wait for a coordinator, and the same sweep run
/// again resumes from its journal.
/// </summary>
public sealed class DispatcherDeathTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static TheoryData<string> Deaths => ["crash", "stop"];

    [Theory]
    [MemberData(nameof(Deaths))]
    public async Task The_coordinator_stops_the_sweep_its_node_stops_the_work_and_the_same_sweep_resumes(string death)
    {
        var plan = FakePlans.Sweep(repetitions: 1, iterations: 1);
        var compute = new FakeCompute();
        var iteration = ComputeCall.TrainIteration("cifar2", 0, 1);
        var training = compute.Hold(iteration);
        var waiting = CreateTestProbe();
        Sys.EventStream.Subscribe(waiting, typeof(NodeWaiting));
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(plan), "coordinator");
        LocalNodes.Join(Sys, coordinator, compute, slots: 1, plan.ArtifactFolder);
        var stopped = new TaskCompletionSource<SweepStoppedException>(TaskCreationOptions.RunContinuationsAsynchronously);
        Sys.ActorOf(SweepWatchdog.Props(coordinator, onlyNode: null, stopped)); // as the host watches it
        Watch(coordinator);
        coordinator.Tell(new RunSweep(TraceParent: null));
        AwaitCondition(() => compute.CountOf(iteration) == 1, Timeout);
        waiting.FishForMessage<NodeWaiting>(_ => true, Timeout); // (the one at the node's start)

        var dispatcher = await Sys.ActorSelection("/user/coordinator/dispatcher").ResolveOne(Timeout);
        dispatcher.Tell(death == "crash" ? Kill.Instance : PoisonPill.Instance);

        ExpectTerminated(coordinator, Timeout);
        var reason = await stopped.Task.WaitAsync(Timeout);
        Assert.Equal(SweepStoppedException.CoordinatorStoppedExitCode, reason.ExitCode);
        Assert.Contains("run the same command again to resume", reason.Message);
        Assert.Equal("the coordinator stopped", waiting.ExpectMsg<NodeWaiting>(Timeout).Reason); // the node lost its dispatcher
        AwaitCondition(() => compute.OpenSessions == 0, Timeout); // and stopped the work that would report to nobody
        ExpectNoMsg(TimeSpan.Zero); // the run was not answered as if it had finished

        // The same sweep again: the recorded dense network is kept, the repetition runs to the end.
        training.Set();
        var again = Sys.ActorOf(SweepCoordinator.Props(plan), "coordinator-again");
        LocalNodes.Join(Sys, again, compute, slots: 1, plan.ArtifactFolder, name: "local-again");
        again.Tell(new RunSweep(TraceParent: null));
        var outcome = ExpectMsg<SweepOutcome>(Timeout);
        Assert.True(outcome.Problems[0].State.Repetition(0).Completed);
        Assert.Equal(1, compute.CountOf(ComputeCall.TrainDense("cifar2")));
    }
}
