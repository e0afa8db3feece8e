using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Progress;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Progress;

/// <summary>A cluster coordinator's terminal sees no worker's progress: its display shows what the dispatcher knows instead.</summary>
public sealed class SweepProgressDisplayClusterTests : TestKit
{
    private sealed class Terminal : StringWriter
    {
        public string Screen { get { lock (this) return ToString(); } }
        public override void Write(string? value) { lock (this) base.Write(value); }
        public override void WriteLine(string? value) { lock (this) base.WriteLine(value); }
    }

    [Fact]
    public async Task Work_running_on_other_nodes_and_work_waiting_for_a_slot_are_shown()
    {
        var terminal = new Terminal();
        var display = Sys.ActorOf(SweepProgressDisplay.Props([new SweepProgressCount("cifar2", 1, 9), new SweepProgressCount("cifar4", 0, 9)], terminal, interactive: true));
        var at = DateTime.UtcNow;
        display.Tell(new DispatchStatus(
            [new NodeStatus("127.0.0.1:40001", ["cpu"], 2, at, [new RunningWork("a1", "cifar2", 0, at), new RunningWork("a2", "cifar2", 1, at.AddSeconds(1))])],
            [], 3, at));

        await AwaitAssertAsync(() =>
        {
            Assert.Contains("rep 1 on 127.0.0.1:40001 (+1 running)", terminal.Screen);
            Assert.Contains("cifar4", terminal.Screen);
            Assert.Contains("waiting for a free slot", terminal.Screen);
            Assert.Contains("3 waiting for a free slot, elapsed", terminal.Screen);
        }, TimeSpan.FromSeconds(5));
    }
}
