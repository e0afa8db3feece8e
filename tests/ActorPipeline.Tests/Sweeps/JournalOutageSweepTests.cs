using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// The real host on a real PostgreSQL of the test's own that goes away mid-sweep: stopped for 15 s, killed with
/// SIGKILL (crash recovery), or kept down past the sweep's limit. The sweep pauses and finishes with the results of an
/// SQLite run byte for byte; no event is persisted twice and no attempt is recorded as failed; past the limit the host
/// exits with code 4 and the same command finishes the sweep.
/// </summary>
public sealed class JournalOutageSweepTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);


    private string[] Arguments(string config, string folder, params string[] more) =>
        ["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder, .. more];

    private static string[] OnPostgreSql(PostgreSqlServer server) => ["--persistence", "postgresql", "--connection-string", server.ConnectionString];

    private async Task<string> ReferenceRun(TempDirectory temp, string config)
    {
        var folder = temp.File("sqlite");
        using var host = HostProcess.Start(Arguments(config, folder));
        Assert.True(await host.WaitForExit(Patience) == 0, host.Output);
        return folder;
    }

    /// <summary>The SQLite reference run, and a PostgreSQL server of the test's own on <paramref name="port"/>.</summary>
    private async Task<(string Config, string Reference, PostgreSqlServer Server)> Prepare(TempDirectory temp, int port)
    {
        var config = TinyHostSweep.WriteTo(temp.Path);
        return (config, await ReferenceRun(temp, config), PostgreSqlServer.Start(port));
    }

    private async Task<HostProcess> RunUntilTraining(PostgreSqlServer server, string config, string folder, params string[] more)
    {
        var host = HostProcess.Start(server.Environment, Arguments(config, folder, [.. OnPostgreSql(server), .. more]));
        log.WriteLine(await host.WaitForLine("it 1: training 1/2", Patience));
        return host;
    }

    [FactWhenPostgreSql]
    public async Task A_database_stopped_for_15_seconds_mid_sweep_pauses_it_and_the_sweep_ends_with_the_sqlite_results()
    {
        using var temp = new TempDirectory();
        var (config, reference, server) = await Prepare(temp, 55470);
        using var _ = server;

        var folder = temp.File("postgres");
        using var host = await RunUntilTraining(server, config, folder);
        var unavailable = host.WaitForLine("journal unavailable since", Patience); // listening before the stop: the line may come at once
        server.Stop();
        log.WriteLine(await unavailable);
        await Task.Delay(TimeSpan.FromSeconds(15));
        server.Restart();
        Assert.True(await host.WaitForExit(Patience) == 0, host.Output);
        log.WriteLine(host.Output);

        Assert.Contains("journal available again", host.Output);
        Assert.DoesNotContain("   at ", host.Output); // no stack traces on the terminal: they are in sweep.log
        SweepOutcomeAssert.SameResults(reference, folder);
        await SweepOutcomeAssert.JournalClean(server);
    }

    [FactWhenPostgreSql]
    public async Task A_database_killed_mid_sweep_comes_back_through_crash_recovery_and_the_sweep_ends_with_the_sqlite_results()
    {
        using var temp = new TempDirectory();
        var (config, reference, server) = await Prepare(temp, 55471);
        using var _ = server;

        var folder = temp.File("postgres");
        using var host = await RunUntilTraining(server, config, folder);
        server.Crash();
        await Task.Delay(TimeSpan.FromSeconds(5));
        server.Restart();
        Assert.True(await host.WaitForExit(Patience) == 0, host.Output);
        log.WriteLine(host.Output);

        SweepOutcomeAssert.SameResults(reference, folder);
        await SweepOutcomeAssert.JournalClean(server);
    }

    [FactWhenPostgreSql]
    public async Task A_database_down_past_the_limit_ends_the_host_with_code_4_and_the_same_command_finishes_the_sweep()
    {
        using var temp = new TempDirectory();
        var (config, reference, server) = await Prepare(temp, 55472);
        using var _ = server;

        var folder = temp.File("postgres");
        var limit = TimeSpan.FromSeconds(10);
        using (var host = await RunUntilTraining(server, config, folder, "--journal-outage-limit", "10s"))
        {
            server.Stop();
            var stopped = DateTime.UtcNow;
            Assert.Equal(4, await host.WaitForExit(limit + TimeSpan.FromSeconds(60)));
            log.WriteLine($"exit 4 after {(DateTime.UtcNow - stopped).TotalSeconds:F1} s");
            Assert.True(DateTime.UtcNow - stopped < limit + TimeSpan.FromSeconds(30), $"exit 4 only after {(DateTime.UtcNow - stopped).TotalSeconds:F0} s");
            Assert.Contains("longer than journal_outage_limit (10s)", host.Output);
            log.WriteLine(host.Output);
        }

        server.Restart();
        using (var again = HostProcess.Start(server.Environment, Arguments(config, folder, [.. OnPostgreSql(server), "--journal-outage-limit", "10s"])))
            Assert.True(await again.WaitForExit(Patience) == 0, again.Output);
        SweepOutcomeAssert.SameResults(reference, folder);
        await SweepOutcomeAssert.JournalClean(server);
    }
}
