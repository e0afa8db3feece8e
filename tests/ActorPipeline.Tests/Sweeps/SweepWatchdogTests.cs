using ActorPipeline.Actors.Persistence;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>The host never hangs: a stopped coordinator or a journal outage past its limit ends the run with a reason and an exit code.</summary>
public sealed class SweepWatchdogTests : TestKit
{
    [Fact]
    public async Task A_coordinator_that_stops_ends_the_run_with_exit_code_5_and_says_how_to_resume()
    {
        var coordinator = CreateTestProbe();
        var stopped = new TaskCompletionSource<SweepStoppedException>();
        Sys.ActorOf(SweepWatchdog.Props(coordinator.Ref, onlyNode: null, stopped));

        Sys.Stop(coordinator.Ref);

        var reason = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SweepStoppedException.CoordinatorStoppedExitCode, reason.ExitCode);
        Assert.Contains("coordinator stopped", reason.Message);
        Assert.Contains("run the same command again", reason.Message);
    }

    [Fact]
    public async Task The_sweep_lock_taken_by_another_process_during_a_database_restart_ends_the_run_with_exit_code_4_naming_it()
    {
        var stopped = new TaskCompletionSource<SweepStoppedException>();
        var watchdog = Sys.ActorOf(SweepWatchdog.Props(CreateTestProbe().Ref, onlyNode: null, stopped));
        await watchdog.Ask<Akka.Actor.ActorIdentity>(new Akka.Actor.Identify(null), TimeSpan.FromSeconds(3)); // subscribed

        Sys.EventStream.Publish(new SweepLockTaken("host gpu-02 pid 4711 since 2026-12-05T07:00:00Z"));

        var reason = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SweepStoppedException.JournalOutageExitCode, reason.ExitCode);
        Assert.Contains("host gpu-02 pid 4711 since 2026-12-05T07:00:00Z took it meanwhile", reason.Message);
        Assert.Contains("everything recorded so far is kept", reason.Message);
    }

    [Fact]
    public async Task The_only_node_leaving_ends_the_run_with_exit_code_6_and_its_reason()
    {
        var node = CreateTestProbe();
        var stopped = new TaskCompletionSource<SweepStoppedException>();
        var watchdog = Sys.ActorOf(SweepWatchdog.Props(CreateTestProbe().Ref, node.Ref, stopped));
        await watchdog.Ask<Akka.Actor.ActorIdentity>(new Akka.Actor.Identify(null), TimeSpan.FromSeconds(3)); // subscribed

        Sys.EventStream.Publish(new ActorPipeline.Actors.Nodes.NodeRefused("every device of this node failed: cpu: injected hardware fault"));
        Sys.Stop(node.Ref);

        var reason = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SweepStoppedException.NodeStoppedExitCode, reason.ExitCode);
        Assert.Contains("cpu: injected hardware fault", reason.Message);
        Assert.Contains("run the same command again", reason.Message);
    }

    [Fact]
    public async Task An_outage_past_its_limit_ends_the_run_with_exit_code_4_naming_the_journal_and_the_cause()
    {
        var stopped = new TaskCompletionSource<SweepStoppedException>();
        Sys.ActorOf(SweepWatchdog.Props(CreateTestProbe().Ref, onlyNode: null, stopped));
        var since = new DateTime(2026, 12, 1, 14, 2, 11, DateTimeKind.Utc);

        await AwaitAssertAsync(() =>
        {
            Sys.EventStream.Publish(new JournalOutageLimitReached(since, TimeSpan.FromSeconds(20), "PostgreSQL 127.0.0.1:55432/actorpipeline", "connection refused"));
            Assert.True(stopped.Task.IsCompleted);
        }, TimeSpan.FromSeconds(10));

        var reason = await stopped.Task;
        Assert.Equal(SweepStoppedException.JournalOutageExitCode, reason.ExitCode);
        Assert.Contains("PostgreSQL 127.0.0.1:55432/actorpipeline", reason.Message);
        Assert.Contains("connection refused", reason.Message);
        Assert.Contains("longer than journal_outage_limit (20s)", reason.Message);
    }

    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("2h", 7200)]
    [InlineData("0", 0)]
    [InlineData("1.5m", 90)]
    public void Outage_limits_read_as_durations(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), JournalOutageLimit.Parse(text));

    [Theory]
    [InlineData("30")]
    [InlineData("-5m")]
    [InlineData("soon")]
    public void Other_outage_limits_are_refused_with_examples(string text) =>
        Assert.Contains("use e.g. 30m", Assert.Throws<ArgumentException>(() => JournalOutageLimit.Parse(text)).Message);
}
