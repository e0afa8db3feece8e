using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Sweeps;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// A PostgreSQL restart ends the session that holds a sweep's advisory lock, and with it the lock. The keeper takes it
/// again once the database answers; if another process took it meanwhile, the keeper says who, and the sweep stops. A
/// server of the test's own (it is restarted); checks are driven by the test, not the timer, so the order is exact.
/// </summary>
public sealed class AdvisoryLockRetakeTests(ITestOutputHelper log)
{
    private static string UniqueSweepId() => Guid.NewGuid().ToString("N")[..12];

    private static string WithPassword(PostgreSqlServer server) => server.ConnectionString + $";Password={server.Password}";

    /// <summary>The sweep's lock as a sweep holds it, checked only when the test says so, its lines into <paramref name="notices"/>.</summary>
    private static HeldAdvisoryLock Kept(string connection, string sweepId, List<string> notices)
    {
        var held = SweepAdvisoryLock.Acquire(connection, sweepId, checkEvery: Timeout.InfiniteTimeSpan);
        held.OnNotice(notices.Add);
        return held;
    }

    private static void CheckUntil(HeldAdvisoryLock held, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the keeper did not settle within 30 s");
            held.Check();
            if (!done()) Thread.Sleep(200);
        }
    }

    [FactWhenPostgreSql]
    public void After_a_database_restart_the_lock_is_taken_again_and_refuses_a_second_holder()
    {
        using var server = PostgreSqlServer.Start(55478);
        var (connection, sweepId) = (WithPassword(server), UniqueSweepId());
        var notices = new List<string>();
        using var held = Kept(connection, sweepId, notices);
        held.Check();
        Assert.Empty(notices); // a live session: nothing to say

        server.Stop();
        held.Check();
        Assert.False(held.Held);
        server.Restart();
        CheckUntil(held, () => held.Held);

        foreach (var line in notices) log.WriteLine(line);
        Assert.Contains(notices, n => n.Contains("its database session ended"));
        Assert.Contains(notices, n => n.StartsWith("sweep lock: taken again"));
        Assert.False(held.TakenByAnother.IsCompleted);
        var refused = Assert.Throws<SweepLockedException>(() => SweepAdvisoryLock.Acquire(connection, sweepId).Dispose());
        Assert.Contains($"sweep {sweepId} is already running: held by host {Environment.MachineName} pid {Environment.ProcessId}", refused.Message);
    }

    [FactWhenPostgreSql]
    public async Task A_lock_another_process_took_while_the_database_restarted_is_not_taken_back_and_names_that_holder()
    {
        using var server = PostgreSqlServer.Start(55478);
        var (connection, sweepId) = (WithPassword(server), UniqueSweepId());
        var notices = new List<string>();
        using var held = Kept(connection, sweepId, notices);

        server.Stop();
        server.Restart();
        // A second coordinator, first to the restarted database.
        using var other = await ChildLockHolder.Psql(server.ConnectionString, server.Password, SweepAdvisoryLock.KeyOf(sweepId), "second coordinator");
        held.Check();

        string holder = await held.TakenByAnother.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var line in notices) log.WriteLine(line);
        Assert.Contains("(second coordinator)", holder);
        Assert.False(held.Held);
        Assert.Contains(notices, n => n.Contains("this process stops"));
    }
}
