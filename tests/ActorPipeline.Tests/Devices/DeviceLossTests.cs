using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Devices;

/// <summary>
/// A node that loses one of its devices: the device leaves the node's pool, the node goes on with the others (pulling for
/// fewer slots), and the work that was on the broken device runs again on a healthy one. (A node that loses its only
/// device leaves the sweep: SweepSupervisionTests.)
/// </summary>
public sealed class DeviceLossTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_node_that_loses_one_of_two_devices_finishes_the_sweep_on_the_other_and_runs_the_lost_work_again()
    {
        var plan = FakePlans.Sweep(repetitions: 2, iterations: 1);
        var fake = new FakeCompute();
        var compute = new BrokenDeviceCompute(fake, brokenDevice: "gpu1");
        var refused = CreateTestProbe();
        Sys.EventStream.Subscribe(refused, typeof(NodeRefused));
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(plan), "coordinator");
        var node = Sys.ActorOf(NodeAgent.Props(new NodeDescription("node-a", ["gpu0", "gpu1"], SlotsPerDevice: 1), SweepPaths.Root(plan.ArtifactFolder), coordinator, compute), "node");
        // Both repetitions hold their first training: whichever has gpu0 keeps it, so the other must take gpu1.
        var holds = new[] { fake.Hold(ComputeCall.TrainIteration("cifar2", 0, 1)), fake.Hold(ComputeCall.TrainIteration("cifar2", 1, 1)) };
        coordinator.Tell(new RunSweep(TraceParent: null));
        AwaitCondition(() => compute.Devices.Contains("gpu1"), Timeout);
        foreach (var hold in holds) hold.Set();

        var outcome = ExpectMsg<SweepOutcome>(Timeout);

        var state = outcome.Problems.Single().State;
        Assert.Equal(2, state.CompletedRepetitions);
        var hit = Assert.Single(state.Repetitions.Values, r => r.Attempts > 0); // the repetition that was on gpu1, and only it
        Assert.Equal(1, hit.Attempts);
        Assert.Contains("Device gpu1 failed: injected: the GPU fell off the bus", hit.LastError);
        Assert.Equal(1, compute.Devices.Count(d => d == "gpu1")); // out of the pool after its fault
        Assert.Equal(["gpu0"], compute.Devices.SkipWhile(d => d != "gpu1").Skip(1).Distinct()); // the lost work ran again on gpu0
        Assert.Equal(4, compute.Devices.Count); // the dense network, two repetitions, the lost one again
        refused.ExpectNoMsg(TimeSpan.Zero); // the node stayed in the sweep
        Assert.NotNull((await node.Ask<ActorIdentity>(new Identify(null), Timeout)).Subject);
    }
}
