using ActorPipeline.Host.Live;

namespace ActorPipeline.Tests.Live;

public sealed class LiveSweepModelTests
{
    private static LiveSnapshot Snapshot(long version) => new(version, "id", null, "/f", "plan", null, false, DateTime.UnixEpoch, null, null, null, 0, 1, false,
        new LiveJournal("j", true, null, null), [], [], null, [], null);

    [Fact]
    public async Task A_reader_waits_for_a_newer_version_and_one_that_fell_behind_gets_the_latest_at_once()
    {
        var model = new LiveSweepModel();
        var first = model.NextAsync(-1, CancellationToken.None);
        Assert.False(first.IsCompleted);
        model.Publish(Snapshot(1), []);
        Assert.Equal(1, (await first.WaitAsync(TimeSpan.FromSeconds(5))).Version);

        var next = model.NextAsync(1, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        model.Publish(Snapshot(2), []);
        model.Publish(Snapshot(3), []);
        Assert.InRange((await next.WaitAsync(TimeSpan.FromSeconds(5))).Version, 2, 3);
        Assert.Equal(3, (await model.NextAsync(1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Version); // coalesced: no backlog

        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.NextAsync(3, cancelled.Token));
    }

    [Fact]
    public void A_figure_is_drawn_once_per_version()
    {
        var model = new LiveSweepModel();
        int draws = 0;
        Assert.Null(model.Figure("f", _ => { draws++; return "x"; })); // nothing published: nothing to draw from
        model.Publish(Snapshot(1), []);
        Assert.Equal("1", model.Figure("f", _ => (++draws).ToString()));
        Assert.Equal("1", model.Figure("f", _ => (++draws).ToString()));
        model.Publish(Snapshot(2), []);
        Assert.Equal("2", model.Figure("f", _ => (++draws).ToString()));
        Assert.Equal(2, draws);
    }
}
