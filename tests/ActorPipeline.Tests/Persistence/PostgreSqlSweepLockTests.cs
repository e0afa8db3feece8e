using System.Diagnostics;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using Xunit.Abstractions;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// One writer per sweep with the PostgreSQL journal (the CI server): a session advisory lock per sweep id refuses a
/// second holder naming the first (from its session's application name), and dies with its session.
/// </summary>
public sealed class PostgreSqlSweepLockTests(ITestOutputHelper log)
{
    [FactWhenPostgreSql]
    public void A_second_acquisition_of_the_same_sweep_from_another_folder_is_refused_naming_the_holder_and_succeeds_after_release()
    {
        // Two folders: as two machines sharing the database, where only the advisory lock can see the other.
        using var folder = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var journal = TestPostgreSql.Journal(folder.Path);
        string sweepId = UniqueSweepId();
        var first = SweepLock.Acquire(journal, folder.Path, sweepId);
        using (SweepLock.Acquire(journal, elsewhere.Path, UniqueSweepId())) { } // another sweep is not concerned

        var clock = Stopwatch.StartNew();
        var refused = Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(journal, elsewhere.Path, sweepId));
        log.WriteLine($"{clock.Elapsed.TotalMilliseconds:0} ms: {refused.Message}");
        Assert.Matches($"^sweep {sweepId} is already running: held by host {Environment.MachineName} pid {Environment.ProcessId} since \\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(stop that process, or wait for it\\)$", refused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");

        first.Dispose();
        SweepLock.Acquire(journal, elsewhere.Path, sweepId).Dispose();
    }

    [FactWhenPostgreSql]
    public async Task The_sweep_folder_is_locked_too_so_that_a_SQLite_run_and_a_PostgreSQL_run_of_one_folder_exclude_each_other()
    {
        using var folder = new TempDirectory();
        using (SweepLock.Acquire(JournalSettings.From(new PersistenceConfig(), folder.Path), folder.Path, "2afb0a18f7e0"))
            Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(TestPostgreSql.Journal(folder.Path), folder.Path, UniqueSweepId()));
        using (SweepLock.Acquire(TestPostgreSql.Journal(folder.Path), folder.Path, UniqueSweepId()))
        using (var flock = Process.Start("flock", ["-n", Path.Combine(folder.Path, SweepFileLock.LockFile), "true"]))
        {
            await flock.WaitForExitAsync();
            Assert.Equal(1, flock.ExitCode);
        }
    }

    [FactWhenPostgreSql]
    public async Task A_lock_held_by_another_process_refuses_naming_it_and_its_SIGKILL_frees_it_at_once()
    {
        using var folder = new TempDirectory();
        var journal = TestPostgreSql.Journal(folder.Path);
        string sweepId = UniqueSweepId();
        using var holder = await ChildLockHolder.Psql(TestPostgreSql.ConnectionString, TestPostgreSql.Password, SweepAdvisoryLock.KeyOf(sweepId),
            "actorpipeline host otherbox pid 4711 since 2026-12-01T14:02:11Z");

        var refused = Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(journal, folder.Path, sweepId));
        log.WriteLine(refused.Message);
        Assert.Equal($"sweep {sweepId} is already running: held by host otherbox pid 4711 since 2026-12-01T14:02:11Z (stop that process, or wait for it)", refused.Message);

        holder.Kill();
        var clock = Stopwatch.StartNew();
        using (await AcquireWithin(journal, folder.Path, sweepId, TimeSpan.FromSeconds(2)))
            log.WriteLine($"acquired {clock.Elapsed.TotalMilliseconds:0} ms after the holder's SIGKILL");
    }

    [FactWhenPostgreSql]
    public async Task A_holder_that_is_not_ours_is_named_by_what_the_server_shows()
    {
        using var folder = new TempDirectory();
        string sweepId = UniqueSweepId();
        using var holder = await ChildLockHolder.Psql(TestPostgreSql.ConnectionString, TestPostgreSql.Password, SweepAdvisoryLock.KeyOf(sweepId), "psql");

        var refused = Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(TestPostgreSql.Journal(folder.Path), folder.Path, sweepId));
        log.WriteLine(refused.Message);
        Assert.Matches($"^sweep {sweepId} is already running: held by PostgreSQL session pid \\d+ from 127\\.0\\.0\\.1 since \\S+Z \\(psql\\) \\(stop that process, or wait for it\\)$", refused.Message);
    }

    [FactWhenPostgreSql]
    public void A_server_that_refuses_the_lock_connection_is_a_journal_error()
    {
        using var folder = new TempDirectory();
        var journal = TestPostgreSql.Altered(b => b.Password = "not-the-Password-42");
        var refused = Assert.Throws<JournalUnavailableException>(() => SweepLock.Acquire(journal, folder.Path, UniqueSweepId()));
        Assert.EndsWith("password authentication failed for user actorpipeline: set ACTORPIPELINE_PG_PASSWORD (or the variable named by persistence.password_env)", refused.Message);
    }

    private static string UniqueSweepId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The server ends a dead client's session a moment after the kernel closes its socket: retried briefly.</summary>
    private static async Task<SweepLock> AcquireWithin(JournalSettings journal, string folder, string sweepId, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return SweepLock.Acquire(journal, folder, sweepId);
            }
            catch (SweepLockedException) when (clock.Elapsed < patience)
            {
                await Task.Delay(20);
            }
        }
    }
}
