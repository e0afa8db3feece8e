using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Host.Live;

namespace ActorPipeline.Tests.Live;

public sealed class SlotUtilisationTests
{
    private static readonly DateTime T0 = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);

    private static DispatchStatus Status(int running, int slots = 2) =>
        new([new NodeStatus("n1", ["cpu"], slots, T0, Enumerable.Range(0, running).Select(i => new RunningWork($"a{i}", "cifar2", i, T0)).ToList())], [], 0, T0);

    [Fact]
    public void The_busy_share_integrates_each_status_until_the_next()
    {
        var utilisation = new SlotUtilisation();
        utilisation.Record(Status(2), T0);                       // 10 min both slots busy
        utilisation.Record(Status(1), T0.AddMinutes(10));         // 20 min one of two
        utilisation.Record(Status(0), T0.AddMinutes(30));         // 10 min idle
        var (share, over) = utilisation.Of("n1", T0.AddMinutes(40))!.Value;
        Assert.Equal((10 * 1.0 + 20 * 0.5 + 0) / 40, share, 12);
        Assert.Equal(TimeSpan.FromMinutes(40), over);
    }

    [Fact]
    public void Only_the_last_hour_counts_and_an_unknown_node_has_none()
    {
        var utilisation = new SlotUtilisation();
        utilisation.Record(Status(2), T0);                        // busy for the first 90 min
        utilisation.Record(Status(0), T0.AddMinutes(90));          // then idle for 30
        var (share, over) = utilisation.Of("n1", T0.AddMinutes(120))!.Value;
        Assert.Equal(TimeSpan.FromHours(1), over);
        Assert.Equal(0.5, share, 12);                              // 30 busy + 30 idle minutes in the window
        Assert.Null(utilisation.Of("n2", T0));
        Assert.Null(utilisation.Of("n1", T0.AddMinutes(-5)));     // before it was first seen
    }
}
