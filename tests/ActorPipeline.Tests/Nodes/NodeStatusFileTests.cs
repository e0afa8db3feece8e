using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using static ActorPipeline.Tests.Nodes.NodeStatusSamples;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Nodes;

/// <summary>
/// The coordinator's nodes.json: the latest status, at most once per second, the last one when it stops, refreshed while
/// nothing changes; a folder it cannot write is one warning and the actor (and so the sweep) goes on. Time moves when the test
/// advances the test scheduler, so what happens within an interval is exact, with no waiting.
/// </summary>
public sealed class NodeStatusFileTests() : TestKit(ActorTestConfig.WithTestScheduler)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private readonly string _folder = Directory.CreateTempSubdirectory("actorpipeline-nodes-file-").FullName;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the actors stop (and write) first
        if (disposing) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Two_statuses_in_quick_succession_end_with_the_latest_on_disk()
    {
        var writer = await StartAsync(NodeStatusFile.Props(_folder));

        Sys.EventStream.Publish(TwoNodes(queued: 1));
        Sys.EventStream.Publish(TwoNodes(queued: 2));
        await HandledAsync(writer); // the second waits for its turn on the test clock
        Scheduler.Advance(NodeStatusFile.Interval);

        await AwaitAssertAsync(() => Assert.Equal(2, NodeStatusFile.TryRead(_folder)?.Queued), Patience);
        var status = NodeStatusFile.TryRead(_folder)!;
        Assert.Equal(["10.0.0.5:4053", "local"], status.Nodes.Select(n => n.Name));
        Assert.Equal([("cifar2", 3, Utc(14, 2, 5)), ("cifar4", -1, Utc(14, 13, 20))], status.Nodes[0].Running.Select(r => (r.Problem, r.Repetition, r.Since)));
        Assert.Equal(DateTimeKind.Utc, status.At.Kind);
        Assert.Equal(Utc(14, 14, 0), status.At);
        Assert.Equal([2, 1], status.Lost.Select(l => l.AssignmentsRequeued));
        Assert.Contains("\"assignmentsRequeued\": 2", File.ReadAllText(Path.Combine(_folder, NodeStatusFile.FileName))); // camelCase, indented
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Writes_at_most_once_per_interval()
    {
        var writer = await StartAsync(NodeStatusFile.Props(_folder, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)));

        Sys.EventStream.Publish(TwoNodes(queued: 1));
        await AwaitAssertAsync(() => Assert.Equal(1, NodeStatusFile.TryRead(_folder)?.Queued), Patience); // the first at once
        Sys.EventStream.Publish(TwoNodes(queued: 2));
        Sys.EventStream.Publish(TwoNodes(queued: 3));
        await HandledAsync(writer);
        Scheduler.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        await HandledAsync(writer);

        Assert.Equal(1, NodeStatusFile.TryRead(_folder)?.Queued); // still within the interval
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        await AwaitAssertAsync(() => Assert.Equal(3, NodeStatusFile.TryRead(_folder)?.Queued), Patience);
    }

    [Fact]
    public async Task Stopping_writes_the_last_status_still_waiting_for_its_turn()
    {
        var writer = await StartAsync(NodeStatusFile.Props(_folder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));
        Watch(writer);

        Sys.EventStream.Publish(TwoNodes(queued: 1)); // written at once
        Sys.EventStream.Publish(TwoNodes(queued: 2)); // would wait a minute
        writer.Tell(PoisonPill.Instance); // after both in the mailbox (Sys.Stop would overtake them)
        ExpectTerminated(writer);

        Assert.Equal(2, NodeStatusFile.TryRead(_folder)?.Queued);
    }

    [Fact]
    public async Task An_unchanged_status_is_written_again_stamped_now_so_that_it_does_not_look_stale()
    {
        await StartAsync(NodeStatusFile.Props(_folder, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)));
        var published = TwoNodes(queued: 4, at: DateTime.UtcNow.AddHours(-1));

        Sys.EventStream.Publish(published);
        await AwaitAssertAsync(() => Assert.Equal(4, NodeStatusFile.TryRead(_folder)?.Queued), Patience); // written at once, as published
        Scheduler.Advance(TimeSpan.FromMilliseconds(300));

        await AwaitAssertAsync(() =>
        {
            var status = NodeStatusFile.TryRead(_folder);
            Assert.NotNull(status);
            Assert.True(status.At > DateTime.UtcNow.AddMinutes(-1), $"still stamped {status.At:O}");
            Assert.Equal(4, status.Queued);
        }, Patience);
    }

    [Fact]
    public async Task A_folder_it_cannot_write_is_one_warning_and_the_writer_goes_on()
    {
        var folder = Path.Combine(_folder, "sweep");
        File.WriteAllText(folder, "a file where the sweep folder should be"); // unwritable even for root
        var writer = await StartAsync(NodeStatusFile.Props(folder, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)));
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));

        Sys.EventStream.Publish(TwoNodes(queued: 1));

        var warning = warnings.ExpectMsg<Warning>(Patience);
        Assert.Contains($"Cannot write {Path.Combine(folder, NodeStatusFile.FileName)}", warning.Message.ToString());
        Sys.EventStream.Publish(TwoNodes(queued: 2)); // and the refreshes: failing again, silently
        await HandledAsync(writer);
        for (int i = 0; i < 5; i++)
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(300));
            await HandledAsync(writer);
        }
        warnings.ExpectNoMsg(TimeSpan.Zero); // a warning would have been published by the writer itself, before it answered

        File.Delete(folder);
        Directory.CreateDirectory(folder); // the storage is back
        Sys.EventStream.Publish(TwoNodes(queued: 3));
        await HandledAsync(writer);
        Scheduler.Advance(TimeSpan.FromMilliseconds(300));
        await AwaitAssertAsync(() => Assert.Equal(3, NodeStatusFile.TryRead(folder)?.Queued), Patience);
        Assert.False(writer.IsNobody());
        Assert.NotNull((await writer.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(3))).Subject);
    }

    /// <summary>Returns once <paramref name="actor"/> has handled every message sent to it before (its mailbox is in order).</summary>
    private static Task HandledAsync(IActorRef actor) => actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(3));

    /// <summary>Starts the writer and waits until it is subscribed (creation is asynchronous).</summary>
    private async Task<IActorRef> StartAsync(Props props)
    {
        var writer = Sys.ActorOf(props);
        await writer.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(3));
        return writer;
    }
}
