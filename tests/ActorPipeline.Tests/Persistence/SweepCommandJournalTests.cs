using System.Diagnostics;
using ActorPipeline.Host;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Sweeps;
using Xunit.Abstractions;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// `sweep` stops at start, with exit code 2 and one `error:` line, when its journal is unusable or another process
/// runs the same sweep; nothing is trained.
/// </summary>
public sealed class SweepCommandJournalTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private const string Config = """
        problems: [cifar2]
        repetitions: 1
        iterations: 1
        dense_epochs: 1
        imp_epochs: 1
        rewind_epoch: 1
        early_stopping: off
        train_limit: 100
        test_limit: 50
        probe_size: 50
        probe_batch_size: 50
        batch_size: 50
        metrics: [svcca]
        devices: cpu
        slots_per_device: 1
        """;

    [Fact]
    public async Task A_PostgreSQL_server_that_is_not_there_ends_the_sweep_with_exit_code_2_within_10_s()
    {
        using var temp = new TempDirectory();
        var clock = Stopwatch.StartNew();
        int exit = await CliApp.RunAsync([.. Arguments(temp), "--persistence", "postgresql", "--connection-string", "Host=127.0.0.1;Port=1;Database=x;Username=y"]);
        log.WriteLine($"exit {exit} after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(2, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.False(Directory.Exists(temp.File("sweep/artifacts")));
    }

    [Fact]
    public async Task The_real_host_prints_one_error_line_naming_the_server()
    {
        using var temp = new TempDirectory();
        using var host = HostProcess.Start([.. Arguments(temp), "--persistence", "postgresql", "--connection-string", "Host=127.0.0.1;Port=1;Database=x;Username=y"]);
        Assert.Equal(2, await host.WaitForExit(TimeSpan.FromSeconds(60)));
        log.WriteLine(host.Output);
        var error = Assert.Single(host.Output.Split('\n'), line => line.StartsWith("error:"));
        Assert.Equal("error: PostgreSQL 127.0.0.1:1: connection refused: is the server running and listening on that port?", error.TrimEnd('\r'));
        Assert.DoesNotContain("   at ", host.Output);
        if (Environment.GetEnvironmentVariable("ACTORPIPELINE_PG_PASSWORD") is { Length: > 0 } password) Assert.DoesNotContain(password, host.Output);
    }

    [Fact]
    public async Task A_sweep_that_another_process_runs_ends_with_exit_code_2_at_once()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("sweep"));
        using var other = await ChildLockHolder.Flock(Path.Combine(temp.File("sweep"), SweepFileLock.LockFile));
        var clock = Stopwatch.StartNew();
        int exit = await CliApp.RunAsync(Arguments(temp));
        log.WriteLine($"exit {exit} after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(2, exit);
        Assert.False(File.Exists(temp.File("sweep/journal.db")));
    }

    [Fact]
    public async Task A_second_host_on_a_running_sweep_is_refused_naming_the_first_and_the_first_one_s_SIGKILL_frees_the_lock()
    {
        using var temp = new TempDirectory();
        string[] arguments = Arguments(temp, Config.Replace("dense_epochs: 1", "dense_epochs: 200").Replace("train_limit: 100", "train_limit: 2000"));
        using var first = HostProcess.Start(arguments);
        await first.WaitForLine("journal ", TimeSpan.FromSeconds(60)); // printed once the lock is held

        using (var second = HostProcess.Start(arguments))
        {
            Assert.Equal(2, await second.WaitForExit(TimeSpan.FromSeconds(60)));
            var error = Assert.Single(second.Output.Split('\n'), line => line.StartsWith("error:")).TrimEnd('\r');
            log.WriteLine(error);
            Assert.Matches($"^error: sweep [0-9a-f]+ is already running: held by host {Environment.MachineName} pid \\d+ since \\S+Z \\(stop that process, or wait for it\\)$", error);
        }

        first.Kill();
        var clock = Stopwatch.StartNew();
        string sweepId = SweepManifest.TryLoad(temp.File("sweep"))!.SweepId;
        using (SweepLock.Acquire(JournalSettings.From(new PersistenceConfig(), temp.File("sweep")), temp.File("sweep"), sweepId))
            log.WriteLine($"acquired {clock.Elapsed.TotalMilliseconds:0} ms after the first host's SIGKILL");
    }

    private string[] Arguments(TempDirectory temp, string config = Config)
    {
        string file = temp.File("sweep.yaml");
        File.WriteAllText(file, config);
        return ["sweep", "--config", file, "--data", data.Folder, "--no-download", "--out", temp.File("sweep")];
    }
}
