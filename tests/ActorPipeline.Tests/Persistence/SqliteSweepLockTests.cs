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
/// One writer per sweep with the SQLite journal: the file lock on sweep.lock refuses a second holder at once and names
/// the first; it is an OS lock shared with other processes (flock), and dies with its process, even a SIGKILLed one.
/// </summary>
public sealed class SqliteSweepLockTests(ITestOutputHelper log)
{
    [Fact]
    public void A_second_acquisition_is_refused_at_once_naming_the_holder_and_succeeds_after_release()
    {
        using var folder = new TempDirectory();
        var journal = JournalSettings.From(new PersistenceConfig(), folder.Path);
        var first = SweepLock.Acquire(journal, folder.Path, "2afb0a18f7e0");

        var clock = Stopwatch.StartNew();
        var refused = Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(journal, folder.Path, "2afb0a18f7e0"));
        log.WriteLine($"{clock.Elapsed.TotalMilliseconds:0} ms: {refused.Message}");
        string since = SweepLockHolder.FromJson(File.ReadAllText(folder.File(SweepFileLock.HolderFile)))!.SinceUtc;
        Assert.Equal($"sweep 2afb0a18f7e0 is already running: held by host {Environment.MachineName} pid {Environment.ProcessId} since {since} (stop that process, or wait for it)", refused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");

        first.Dispose();
        Assert.False(File.Exists(folder.File(SweepFileLock.HolderFile)));
        SweepLock.Acquire(journal, folder.Path, "2afb0a18f7e0").Dispose();
    }

    [Fact]
    public async Task The_lock_is_an_OS_lock_that_other_processes_see()
    {
        using var folder = new TempDirectory();
        using (SweepLock.Acquire(JournalSettings.From(new PersistenceConfig(), folder.Path), folder.Path, "2afb0a18f7e0"))
            Assert.Equal(1, await FlockNonBlocking(folder.File(SweepFileLock.LockFile)));
        Assert.Equal(0, await FlockNonBlocking(folder.File(SweepFileLock.LockFile)));
    }

    [Fact]
    public async Task A_lock_held_by_another_process_refuses_and_its_SIGKILL_frees_it_at_once()
    {
        using var folder = new TempDirectory();
        var journal = JournalSettings.From(new PersistenceConfig(), folder.Path);
        using var holder = await ChildLockHolder.Flock(folder.File(SweepFileLock.LockFile));

        var refused = Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(journal, folder.Path, "2afb0a18f7e0"));
        log.WriteLine(refused.Message);
        Assert.Equal($"sweep 2afb0a18f7e0 is already running: held by another process (its details in {folder.File(SweepFileLock.HolderFile)} are missing or not written yet) (stop that process, or wait for it)", refused.Message);

        holder.Kill();
        var clock = Stopwatch.StartNew();
        using (SweepLock.Acquire(journal, folder.Path, "2afb0a18f7e0"))
            log.WriteLine($"acquired {clock.Elapsed.TotalMilliseconds:0} ms after the holder's SIGKILL");
    }

    [Fact]
    public async Task Reading_the_journal_is_not_stopped_by_the_lock()
    {
        using var folder = new TempDirectory();
        var journal = JournalSettings.From(new PersistenceConfig(), folder.Path);
        var plan = TinySweeps.Plan(folder.Path);
        using (SweepLock.Acquire(journal, folder.Path, plan.SweepId))
        {
            var states = await JournalReader.ReadProblemsAsync(journal, plan).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("cifar2", Assert.Single(states).Problem);
        }
    }

    /// <summary>`flock -n` from another process: 0 when it got the lock, 1 when it is held.</summary>
    private static async Task<int> FlockNonBlocking(string file)
    {
        using var flock = Process.Start("flock", ["-n", file, "true"]);
        await flock.WaitForExitAsync();
        return flock.ExitCode;
    }
}
