using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Nodes;

/// <summary>
/// One assignment on a node: the order's folders (relative to the sweep root) are resolved against this node's own root,
/// the worker's reports reach the supervisor (here the test) with the assignment id and with weights paths relative to
/// the root again, and a worker that dies without a report of its own becomes a <see cref="WorkerCrashReport"/>.
/// </summary>
public sealed class AssignmentRunnerTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const string DenseFolder = "artifacts/cifar2/dense";

    /// <summary>A root of this node's own; nothing is written there (the fake compute only passes folders on).</summary>
    private readonly string _root = Path.Combine(Path.GetTempPath(), "actorpipeline-node-" + Guid.NewGuid().ToString("N")[..8]);

    private WorkOrder DenseOrder(string id, string folder = DenseFolder) =>
        new(id, FakePlans.Problem(), WorkProgress.DenseRepetition, Start: null, DenseFolder: folder, Folder: folder, TraceParent: null, ReportTo: TestActor);

    private WorkOrder RepetitionOrder(string id, int repetition, string? folder = null) =>
        new(id, FakePlans.Problem(repetitions: 2, iterations: 1), repetition, new RepetitionStep(Iteration: 1, MeasureOnly: false), DenseFolder,
            folder ?? $"artifacts/cifar2/rep-{repetition:D2}", TraceParent: null, ReportTo: TestActor);

    /// <summary>Starts the runner of <paramref name="order"/> on a node whose sweep root is <paramref name="root"/>, with a pool of one CPU slot; watched.</summary>
    private IActorRef Run(WorkOrder order, IExperimentCompute compute, string? root = null, string name = "runner")
    {
        var pool = Sys.ActorOf(DevicePool.Props(["cpu"], 1), $"{name}-devices");
        var runner = Sys.ActorOf(AssignmentRunner.Props(order, root ?? _root, "node-a", pool, compute), name);
        Watch(runner);
        return runner;
    }

    /// <summary>The next report as it left the node (its wire form), of <paramref name="assignmentId"/>.</summary>
    private T ExpectWire<T>(string assignmentId) where T : AssignmentReport
    {
        var report = ExpectMsg<AssignmentReport>(Timeout);
        Assert.Equal(assignmentId, report.AssignmentId);
        return Assert.IsAssignableFrom<T>(report);
    }

    /// <summary>The next report, read back as the supervisor reads it.</summary>
    private T ExpectReport<T>(string assignmentId) where T : IWorkReport =>
        Assert.IsType<T>(WorkReportWire.FromWire(ExpectWire<AssignmentReport>(assignmentId), _root));

    private IActorRef Worker(IActorRef runner, string name) => Sys.ActorSelection(runner.Path / name).ResolveOne(Timeout).Result;

    [Fact]
    public void The_same_order_runs_under_each_nodes_own_root_and_reports_weights_relative_to_the_root()
    {
        var compute = new FolderRecordingCompute(new FakeCompute());
        string otherRoot = _root + "-mounted-elsewhere";

        var first = Run(DenseOrder("dense-1"), compute, _root, "runner-a");
        var onFirst = ExpectWire<AssignmentReport.DenseTrained>("dense-1");
        ExpectTerminated(first, Timeout);
        var second = Run(DenseOrder("dense-2"), compute, otherRoot, "runner-b");
        var onSecond = ExpectWire<AssignmentReport.DenseTrained>("dense-2");
        ExpectTerminated(second, Timeout);

        Assert.Equal([(Path.Combine(_root, DenseFolder), "cpu"), (Path.Combine(otherRoot, DenseFolder), "cpu")], compute.DenseTrainings);
        foreach (var report in new[] { onFirst, onSecond })
        {
            Assert.Equal($"{DenseFolder}/final.pt", report.FinalWeights);
            Assert.Equal($"{DenseFolder}/rewind.pt", report.RewindWeights);
        }
        ExpectNoMsg(TimeSpan.Zero); // the attempt ended with its report: no crash report follows
    }

    [Fact]
    public void A_repetition_opens_its_folders_under_this_nodes_root_and_passes_every_report_and_record_in_order()
    {
        var compute = new FolderRecordingCompute(new FakeCompute());
        var runner = Run(RepetitionOrder("rep-1", repetition: 1), compute);

        var trained = ExpectReport<IterationTrainedReport>("rep-1");
        Assert.Equal((1, 1), (trained.Repetition, trained.Outcome.Iteration));
        Assert.Equal([(Path.Combine(_root, DenseFolder), Path.Combine(_root, "artifacts/cifar2/rep-01"), "cpu")], compute.OpenedRepetitions);
        runner.Tell(new StepRecorded(1, 1)); // the supervisor's answer goes on to the worker
        var measured = ExpectReport<SimilarityReport>("rep-1");
        Assert.Equal((1, 1), (measured.Repetition, measured.Iteration));
        runner.Tell(new StepRecorded(1, 1));
        Assert.Equal(1, ExpectReport<RepetitionDoneReport>("rep-1").Repetition);

        ExpectTerminated(runner, Timeout);
    }

    [Fact]
    public void A_worker_that_throws_is_reported_as_a_crash_with_its_exception_and_the_runner_stops()
    {
        var compute = new FakeCompute();
        compute.Hold(ComputeCall.TrainIteration("cifar2", 0, 1));
        var runner = Run(RepetitionOrder("rep-0", repetition: 0), compute);
        AwaitCondition(() => compute.CountOf(ComputeCall.TrainIteration("cifar2", 0, 1)) == 1, Timeout);

        Worker(runner, "rep-00").Tell(Kill.Instance); // an exception inside the worker, as a bug would throw

        var crash = ExpectReport<WorkerCrashReport>("rep-0");
        Assert.StartsWith("ActorKilledException: ", crash.Error);
        ExpectTerminated(runner, Timeout);
        AwaitCondition(() => compute.OpenSessions == 0, Timeout); // the dead worker's session is closed all the same
    }

    [Fact]
    public void A_worker_that_stops_without_a_report_is_reported_as_stopped_unexpectedly()
    {
        var compute = new FakeCompute();
        compute.Hold(ComputeCall.TrainDense("cifar2"));
        var runner = Run(DenseOrder("dense-1"), compute);
        AwaitCondition(() => compute.CountOf(ComputeCall.TrainDense("cifar2")) == 1, Timeout);

        Sys.Stop(Worker(runner, "dense"));

        Assert.Equal("the worker stopped unexpectedly", ExpectReport<WorkerCrashReport>("dense-1").Error);
        ExpectTerminated(runner, Timeout);
    }

    [Theory]
    [InlineData(-1, "../outside")]
    [InlineData(0, "artifacts/../../outside")]
    public void An_order_whose_folder_leaves_the_sweep_root_fails_deterministically_without_running(int repetition, string folder)
    {
        var compute = new FakeCompute();
        var order = repetition < 0 ? DenseOrder("bad-1", folder) : RepetitionOrder("bad-1", repetition, folder);

        var runner = Run(order, compute);

        var failure = Assert.IsAssignableFrom<IAttemptFailure>(WorkReportWire.FromWire(ExpectMsg<AssignmentReport>(Timeout), _root));
        Assert.True(failure.Deterministic); // the same order fails the same way anywhere: not retried
        Assert.Contains($"'{folder}' leaves the sweep root {_root}", failure.Error);
        ExpectTerminated(runner, Timeout);
        Assert.Empty(compute.Calls);
    }
}
