using System.Collections.Immutable;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Live;
using ActorPipeline.Host.Planning;
using ActorPipeline.Tests.Actors;

namespace ActorPipeline.Tests.Live;

/// <summary>What the live page shows for each state a sweep can be in, without a browser: the builder is pure.</summary>
public sealed class LiveSnapshotBuilderTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
    private static readonly SweepManifest Manifest = new("abc123", "quick", new SweepConfig(), TinySweeps.Plan("/tmp/x", repetitions: 2, iterations: 2, problems: "cifar2"),
        "/data/cifar-10-binary.tar.gz", "0123456789abcdef0123456789abcdef");
    private static readonly LiveJournal Available = new("SQLite /tmp/x/journal.db", true, null, null);

    private static LiveSweepInputs Inputs(ProblemState? state, SweepActivity? activity = null, DispatchStatus? nodes = null, LiveProgressClock? clock = null) =>
        new("/tmp/x", Manifest, ReadOnly: false, state is null ? null : [state], Available, activity ?? SweepActivity.None, nodes, Now, clock);

    private static ProblemState State(params IPipelineEvent[] events) => ProblemState.Fold("cifar2", events);

    private static DenseTrained Dense => new("cifar2", "final.pt", "rewind.pt", 3, 0.8);
    private static IterationTrained Trained(int repetition, int iteration) => new("cifar2", repetition, iteration, 0.2 * iteration, 0.1 * iteration, 0.19 * iteration, 0.7, 2);
    private static SimilarityMeasured Measured(int repetition, int iteration) =>
        new("cifar2", repetition, iteration, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9 })]);

    [Fact]
    public void Before_the_journal_was_read_every_cell_is_queued_and_nothing_is_finished()
    {
        var snapshot = LiveSnapshotBuilder.Build(Inputs(null), 1);
        var problem = Assert.Single(snapshot.Problems);
        Assert.All(problem.Rows, row => Assert.All(row.Cells, cell => Assert.Equal(LiveCellStates.Queued, cell)));
        Assert.False(snapshot.Finished);
        Assert.Equal((0, 1 + 2 * 2 * 2), (snapshot.StepsDone, snapshot.StepsTotal));
        Assert.Contains("NOT on the official CIFAR-10", snapshot.DataWarning);
        Assert.Null(snapshot.StartedAt); // a manifest from before the start was recorded

        var started = Now.AddDays(-3);
        Assert.Equal(started, LiveSnapshotBuilder.Build(Inputs(null) with { Manifest = Manifest with { StartedAt = started } }, 1).StartedAt);
    }

    [Fact]
    public void Cells_follow_the_journal_and_the_running_work()
    {
        var state = State(Dense, Trained(0, 1), Measured(0, 1), Trained(0, 2), Trained(1, 1));
        var running = SweepActivity.None with
        {
            Work = ImmutableDictionary<(string, int), WorkProgress>.Empty.Add(("cifar2", 1), new WorkProgress("cifar2", 1, 1, "similarity", 2, 8, double.NaN, 0, "cpu")),
        };
        var problem = Assert.Single(LiveSnapshotBuilder.Build(Inputs(state, running), 1).Problems);
        // repetition 0: dense, iteration 1 measured, iteration 2 trained and waiting for its similarity (nothing runs it)
        Assert.Equal([LiveCellStates.Recorded, LiveCellStates.Recorded, LiveCellStates.Trained], problem.Rows[0].Cells);
        // repetition 1: iteration 1 trained, its similarity running now
        Assert.Equal([LiveCellStates.Recorded, LiveCellStates.Running, LiveCellStates.Queued], problem.Rows[1].Cells);
        Assert.Equal("iteration 1: similarity 2/8 on cpu", problem.Rows[1].Running);
        Assert.Equal(1 + 3 + 1, problem.StepsDone);
    }

    [Fact]
    public void A_failed_repetition_shows_where_it_failed_and_why_and_its_retries()
    {
        var state = State(Dense, Trained(0, 1), new RepetitionAttemptFailed("cifar2", 0, 1, "boom"), new RepetitionAttemptFailed("cifar2", 0, 2, "boom"),
            new RepetitionFailed("cifar2", 0, 2, "boom at iteration 2"));
        var snapshot = LiveSnapshotBuilder.Build(Inputs(state), 1);
        var row = snapshot.Problems[0].Rows[0];
        // iteration 1 was trained; its measurement is where the repetition failed; iteration 2 will not run
        Assert.Equal([LiveCellStates.Recorded, LiveCellStates.Failed, LiveCellStates.Abandoned], row.Cells);
        Assert.Equal(("boom at iteration 2", 2), (row.Failure, row.Attempts));
        Assert.Contains(snapshot.Failures, f => f.Contains("cifar2 repetition 0") && f.Contains("boom at iteration 2"));
    }

    [Fact]
    public void The_eta_comes_from_the_rate_since_watching_began_and_reads_as_a_person_writes_it()
    {
        var state = State(Dense, Trained(0, 1), Measured(0, 1), Trained(0, 2), Measured(0, 2));
        var clock = new LiveProgressClock(Now - TimeSpan.FromMinutes(40), StepsAtStart: 1); // 4 steps in 40 min; 4 remain
        var snapshot = LiveSnapshotBuilder.Build(Inputs(state, clock: clock), 1);
        Assert.Equal("40 min", snapshot.Eta);
        Assert.Equal("40 min", snapshot.Elapsed);
        Assert.Null(LiveSnapshotBuilder.Build(Inputs(state, clock: clock with { StepsAtStart = 5 }), 1).Eta); // nothing recorded since: unknown
    }

    [Fact]
    public void A_journal_outage_and_the_nodes_come_through_with_what_each_slot_runs()
    {
        var outage = new LiveJournal("PostgreSQL db:5432/actorpipeline", false, Now.AddMinutes(-3), "connection refused");
        var nodes = new DispatchStatus([new NodeStatus("gpu-1", ["cuda:0", "cuda:1"], 2, Now.AddHours(-2), [new RunningWork("a1", "cifar2", 1, Now.AddMinutes(-5))])],
            [new LostNode("gpu-2", Now.AddMinutes(-30), 3)], 4, Now)
        {
            Refused = [new RefusedNode("gpu-3", Now.AddMinutes(-10), "this node's data (md5 06a3…) is not the sweep's (md5 c32a…)")],
        };
        var snapshot = LiveSnapshotBuilder.Build(Inputs(State(Dense), nodes: nodes) with { Journal = outage }, 7);
        Assert.Equal(outage, snapshot.Journal);
        var node = Assert.Single(snapshot.Nodes!.Nodes);
        Assert.Equal(("gpu-1", 2, "cifar2", 1), (node.Name, node.SlotsPerDevice, node.Running[0].Problem, node.Running[0].Repetition));
        Assert.Equal(("gpu-2", 3), (snapshot.Nodes.Lost[0].Name, snapshot.Nodes.Lost[0].AssignmentsRequeued));
        var refused = Assert.Single(snapshot.Nodes.Refused);
        Assert.Equal(("gpu-3", "this node's data (md5 06a3…) is not the sweep's (md5 c32a…)"), (refused.Name, refused.Reason));
        Assert.Equal(4, snapshot.Nodes.Queued);
        Assert.Equal(LiveCellStates.Running, snapshot.Problems[0].Rows[1].Cells[1]); // the dispatcher says it runs
        Assert.StartsWith("on gpu-1 since", snapshot.Problems[0].Rows[1].Running);
    }

    [Fact]
    public void A_finished_sweep_says_so_and_has_no_eta()
    {
        var events = new List<IPipelineEvent> { Dense };
        for (int r = 0; r < 2; r++)
        {
            for (int i = 1; i <= 2; i++) events.AddRange([Trained(r, i), Measured(r, i)]);
            events.Add(new RepetitionCompleted("cifar2", r));
        }
        var snapshot = LiveSnapshotBuilder.Build(Inputs(State([.. events]), clock: new LiveProgressClock(Now.AddMinutes(-1), 0)), 1);
        Assert.True(snapshot.Finished);
        Assert.Null(snapshot.Eta);
        Assert.Equal(snapshot.StepsTotal, snapshot.StepsDone);
    }
}
