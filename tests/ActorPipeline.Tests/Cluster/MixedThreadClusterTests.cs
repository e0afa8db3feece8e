using ActorPipeline.Host.Reports;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Sweeps;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Cluster;

/// <summary>
/// The plan's compute settings make a repetition's numbers independent of where it ran: a coordinator (PostgreSQL journal of
/// the test's own) and two workers whose own libtorch defaults differ (OMP_NUM_THREADS 1 and 2) give results byte-identical
/// to a one-process run, because every node applies the plan's cpu_threads; provenance.csv says which node computed what.
/// </summary>
[Collection(ActorPipeline.Tests.Cluster.ClusterProcessesCollection.Name)]
public sealed class MixedThreadClusterTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private const int PostgreSqlPort = 55475;
    private const int ClusterPort = 4063;

    private string[] SweepArguments(string config, string folder) => ["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder];

    private HostProcess StartWorker(string folder, string ompThreads) => HostProcess.Start(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = ompThreads },
        "worker", "--join", $"127.0.0.1:{ClusterPort}", "--devices", "cpu", "--slots-per-device", "1", "--sweep-root", folder, "--data", data.Folder, "--no-download");

    [FactWhenPostgreSql]
    public async Task Workers_with_different_default_thread_counts_give_the_single_process_results_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var config = Path.Combine(temp.Path, "sweep.yaml");
        File.WriteAllText(config, TinyHostSweep.Yaml + "\ncpu_threads: 2\n");

        var reference = temp.File("single-process");
        using (var single = HostProcess.Start(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" }, SweepArguments(config, reference)))
            Assert.True(await single.WaitForExit(Patience) == 0, single.Output);

        using var server = PostgreSqlServer.Start(PostgreSqlPort);
        var folder = temp.File("cluster");
        using var coordinator = HostProcess.Start(server.Environment, [.. SweepArguments(config, folder), "--persistence", "postgresql", "--connection-string", server.ConnectionString,
            "--cluster-listen", $"127.0.0.1:{ClusterPort}"]);
        await coordinator.WaitForLine("cluster coordinator on", Patience);
        using var oneThread = StartWorker(folder, "1");
        using var twoThreads = StartWorker(folder, "2");
        Assert.True(await coordinator.WaitForExit(Patience) == 0, coordinator.Output);
        Assert.Equal(0, await oneThread.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await twoThreads.WaitForExit(TimeSpan.FromMinutes(1)));

        SweepOutcomeAssert.SameResults(reference, folder);
        var steps = ProvenanceCsv.Read(Path.Combine(folder, "results", ProvenanceCsv.FileName));
        foreach (var line in File.ReadLines(Path.Combine(folder, "results", ProvenanceCsv.FileName))) log.WriteLine(line);
        Assert.Equal(1 + 2 * 2 * 2, steps.Count); // dense, 2 repetitions × 2 iterations × (trained, measured)
        Assert.All(steps, s => Assert.Equal((2, false, "cpu"), (s.Threads, s.Deterministic, s.Device)));
        Assert.All(steps, s => Assert.StartsWith("127.0.0.1:", s.Node)); // computed by the workers (the coordinator has no devices)
        Assert.Empty(ProvenanceMix.From(steps).Mixed);
        Assert.All(ProvenanceCsv.Read(Path.Combine(reference, "results", ProvenanceCsv.FileName)), s => Assert.Equal(("local", 2), (s.Node, s.Threads)));
    }
}
