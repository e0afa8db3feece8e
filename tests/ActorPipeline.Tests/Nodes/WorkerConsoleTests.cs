using System.Text.RegularExpressions;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Nodes;

/// <summary>
/// A worker's terminal: one timestamped line per thing that happened to the node, and per new stage of a piece of work,
/// not per epoch (a worker's log stays readable over days).
/// </summary>
public sealed partial class WorkerConsoleTests() : TestKit(ActorTestConfig.Default)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly StringWriter _output = new();

    /// <summary>Publishes <paramref name="events"/>, then returns the lines the console printed for them, without their time stamps.</summary>
    private List<string> LinesFor(params object[] events)
    {
        var console = Sys.ActorOf(WorkerConsole.Props(TextWriter.Synchronized(_output)));
        console.Ask<ActorIdentity>(new Identify(null), Timeout).Wait(); // subscribed
        foreach (var e in events) Sys.EventStream.Publish(e);
        console.Ask<ActorIdentity>(new Identify(null), Timeout).Wait(); // every event handled (one mailbox, in order)
        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(TimeStamp(), line));
        return lines.Select(line => line[9..]).ToList();
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d ")]
    private static partial Regex TimeStamp();

    private static WorkProgress Progress(int repetition, int iteration, string stage, int epoch = 0, string device = "cuda:0") =>
        new("cifar2", repetition, iteration, stage, epoch, 5, 0.5, 100, device);

    [Fact]
    public void The_nodes_membership_is_one_line_each()
    {
        Assert.Equal(
        [
            "waiting for the coordinator",
            "joined sweep s-1; pulling work",
            "cannot serve this sweep: its data differs",
            "sweep s-1 is complete",
        ], LinesFor(new NodeWaiting("waiting for the coordinator"), new NodeJoined("s-1"), new NodeRefused("its data differs"), new SweepCompleted("s-1")));
    }

    [Fact]
    public void A_stage_is_printed_once_however_many_epochs_report_it_and_again_when_it_changes()
    {
        Assert.Equal(
        [
            "cifar2 repetition 3 it 1: waiting for a device",
            "cifar2 repetition 3 it 1: training on cuda:0",
            "cifar2 repetition 3 it 1: similarity on cuda:0",
            "cifar2 repetition 3 it 2: training on cuda:0",
        ], LinesFor(
            Progress(3, 1, WorkProgress.WaitingForDevice, device: ""),
            Progress(3, 1, "training", epoch: 1), Progress(3, 1, "training", epoch: 2), Progress(3, 1, "training", epoch: 3),
            Progress(3, 1, "similarity"), Progress(3, 1, "similarity"),
            Progress(3, 2, "training", epoch: 1)));
    }

    [Fact]
    public void Works_are_told_apart_and_each_one_that_printed_says_when_it_ended()
    {
        Assert.Equal(
        [
            "cifar2 dense: dense training on cpu",
            "cifar2 repetition 0 it 1: training on cpu",
            "cifar2 dense: ended",
            "cifar2 repetition 0: ended",
        ], LinesFor(
            Progress(WorkProgress.DenseRepetition, 0, "dense training", device: "cpu"),
            Progress(0, 1, "training", device: "cpu"),
            Progress(WorkProgress.DenseRepetition, 0, "dense training", epoch: 2, device: "cpu"), // the same line: not again
            new WorkEnded("cifar2", WorkProgress.DenseRepetition),
            new WorkEnded("cifar2", 0),
            new WorkEnded("cifar2", 0), // already ended
            new WorkEnded("cifar4", 1))); // never printed anything
    }

    [Fact]
    public void Work_that_starts_again_after_it_ended_prints_its_stage_again()
    {
        Assert.Equal(
        [
            "cifar2 repetition 1 it 2: training on cpu",
            "cifar2 repetition 1: ended",
            "cifar2 repetition 1 it 2: training on cpu",
        ], LinesFor(Progress(1, 2, "training", device: "cpu"), new WorkEnded("cifar2", 1), Progress(1, 2, "training", device: "cpu")));
    }
}
