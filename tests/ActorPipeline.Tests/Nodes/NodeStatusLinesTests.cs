using static ActorPipeline.Tests.Nodes.NodeStatusSamples;
using ActorPipeline.Actors.Observers;

namespace ActorPipeline.Tests.Nodes;

/// <summary>The "nodes" block of `sweep status`, line for line.</summary>
public sealed class NodeStatusLinesTests
{
    [Fact]
    public void Lists_each_node_with_its_running_work_then_the_lost_nodes_and_the_queue()
    {
        var lines = NodeStatusLines.Format(TwoNodes(), now: Utc(14, 14, 5), sweepFinished: false, TimeZoneInfo.Utc);

        Assert.Equal(
        [
            "nodes (as of 14:14:00, 5s ago)",
            "  10.0.0.5:4053  cuda:0,cuda:1 × 2 slots  2/4 busy",
            "    cifar2 repetition 3 since 14:02:05 (12 min)",
            "    cifar4 dense training since 14:13:20 (45s)",
            "  local          cpu × 1 slot  0/1 busy",
            "  lost: 10.0.0.7:4053 at 13:40:00 (2 assignments re-queued)",
            "  lost: 10.0.0.8:4053 at 13:50:00 (1 assignment re-queued)",
            "  queued: 7",
        ], lines);
    }

    [Fact]
    public void A_status_older_than_two_minutes_of_an_unfinished_sweep_is_marked_stale()
    {
        var lines = NodeStatusLines.Format(TwoNodes(), now: Utc(14, 17, 0), sweepFinished: false, TimeZoneInfo.Utc);

        Assert.Equal("nodes (as of 14:14:00, 3 min ago) (stale: the coordinator is not running?)", lines[0]);
    }

    [Fact]
    public void An_old_status_of_a_finished_sweep_is_not_stale_and_two_minutes_is_not_yet_stale()
    {
        Assert.Equal("nodes (as of 14:14:00, 2 h 5 min ago)", NodeStatusLines.Format(TwoNodes(), Utc(16, 19, 0), sweepFinished: true, TimeZoneInfo.Utc)[0]);
        Assert.Equal("nodes (as of 14:14:00, 2 min ago)", NodeStatusLines.Format(TwoNodes(), Utc(14, 16, 0), sweepFinished: false, TimeZoneInfo.Utc)[0]);
    }

    [Fact]
    public void Times_are_shown_in_the_given_zone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");

        var lines = NodeStatusLines.Format(TwoNodes(), Utc(14, 14, 5), sweepFinished: false, plusTwo);

        Assert.Equal("nodes (as of 16:14:00, 5s ago)", lines[0]);
        Assert.Equal("    cifar2 repetition 3 since 16:02:05 (12 min)", lines[2]);
        Assert.Equal("  lost: 10.0.0.7:4053 at 15:40:00 (2 assignments re-queued)", lines[5]);
    }

    [Fact]
    public void No_nodes_says_so()
    {
        var status = new ActorPipeline.Actors.Dispatch.DispatchStatus([], [], 12, Utc(14, 14, 0));

        Assert.Equal(["nodes (as of 14:14:00, 0s ago)", "  no nodes joined", "  queued: 12"],
            NodeStatusLines.Format(status, Utc(14, 14, 0), sweepFinished: false, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_clock_ahead_of_this_machine_shows_0s_not_a_negative_age()
    {
        Assert.Equal("0s", NodeStatusLines.Span(TimeSpan.FromSeconds(-3)));
        Assert.Equal("59s", NodeStatusLines.Span(TimeSpan.FromSeconds(59.9)));
        Assert.Equal("1 min", NodeStatusLines.Span(TimeSpan.FromSeconds(60)));
        Assert.Equal("1 h 0 min", NodeStatusLines.Span(TimeSpan.FromHours(1)));
    }
}
