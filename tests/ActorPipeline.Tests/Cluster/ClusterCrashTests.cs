using System.Diagnostics;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Sweeps;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Cluster;

/// <summary>
/// One sweep across processes on 127.0.0.1: a coordinator without devices (PostgreSQL journal of the test's own) and
/// worker processes (CPU, one torch thread each) pulling work. A worker SIGKILLed mid-training, or the coordinator
/// SIGKILLed and started again, changes nothing: the results equal a single-process SQLite run byte for byte, no step is
/// persisted twice, and losing a machine is never recorded as a failed attempt.
/// </summary>
[Collection(ActorPipeline.Tests.Cluster.ClusterProcessesCollection.Name)]
public sealed class ClusterCrashTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly Dictionary<string, string> OneTorchThread = new() { ["OMP_NUM_THREADS"] = "1" };
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private void Timeline(string what) => log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    private string[] SweepArguments(string config, string folder) => ["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder];

    private HostProcess StartCoordinator(PostgreSqlServer server, string config, string folder, int port) =>
        // One torch thread here too: `cpu_threads: auto` resolves to the coordinator's count, which every worker then applies.
        HostProcess.Start(new Dictionary<string, string>(server.Environment) { ["OMP_NUM_THREADS"] = "1" }, [.. SweepArguments(config, folder), "--persistence", "postgresql", "--connection-string", server.ConnectionString,
            "--cluster-listen", $"127.0.0.1:{port}"]);

    private HostProcess StartWorker(string folder, int port) => HostProcess.Start(OneTorchThread,
        "worker", "--join", $"127.0.0.1:{port}", "--devices", "cpu", "--slots-per-device", "1", "--sweep-root", folder, "--data", data.Folder, "--no-download");

    private async Task<string> ReferenceRun(TempDirectory temp, string config)
    {
        var folder = temp.File("single-process");
        using var host = HostProcess.Start(OneTorchThread, SweepArguments(config, folder));
        Assert.True(await host.WaitForExit(Patience) == 0, host.Output);
        Timeline("reference (one process, SQLite) finished");
        return folder;
    }

    /// <summary>The config, the single-process reference run, and a PostgreSQL server of the test's own on <paramref name="port"/>.</summary>
    private async Task<(string Config, string Reference, PostgreSqlServer Server)> Prepare(TempDirectory temp, int port)
    {
        var config = TinyHostSweep.WriteTo(temp.Path);
        return (config, await ReferenceRun(temp, config), PostgreSqlServer.Start(port));
    }

    /// <summary>The node name a worker printed when it last joined ("worker 127.0.0.1:40213: joining …"; a new port per join).</summary>
    private static string NodeName(HostProcess worker) =>
        System.Text.RegularExpressions.Regex.Matches(worker.Output, @"worker (\S+): joining").LastOrDefault()?.Groups[1].Value
        ?? throw new InvalidOperationException($"the worker printed no name:\n{worker.Output}");

    /// <summary>Waits until one of <paramref name="workers"/> prints that it trains IMP iteration 1; returns which.</summary>
    private static async Task<HostProcess> FirstTrainingIteration1(params HostProcess[] workers)
    {
        var waits = workers.Select(w => w.WaitForLine("it 1: training", Patience)).ToList();
        var first = await Task.WhenAny(waits);
        return workers[waits.IndexOf(first)];
    }

    [FactWhenPostgreSql]
    public async Task A_worker_killed_while_training_loses_nothing_its_work_resumes_on_another_worker_and_a_late_worker_joins()
    {
        using var temp = new TempDirectory();
        var (config, reference, server) = await Prepare(temp, 55473);
        using var _ = server;
        const int port = 4061;

        var folder = temp.File("cluster");
        using var coordinator = StartCoordinator(server, config, folder, port);
        await coordinator.WaitForLine("cluster coordinator on", Patience);
        Timeline("coordinator up (no local devices)");
        using var worker1 = StartWorker(folder, port);
        using var worker2 = StartWorker(folder, port);
        var victim = await FirstTrainingIteration1(worker1, worker2);
        var survivor = victim == worker1 ? worker2 : worker1;
        victim.Kill();
        Timeline($"SIGKILL worker {(victim == worker1 ? 1 : 2)} during \"it 1: training\"");
        await coordinator.WaitForLine("back in the queue (no failed attempt recorded)", Patience); // the coordinator took the worker as lost
        Timeline("coordinator: the killed worker's assignment is back in the queue");
        using var worker3 = StartWorker(folder, port);
        Timeline("worker 3 started");

        try
        {
            Assert.True(await coordinator.WaitForExit(Patience) == 0, coordinator.Output);
            Timeline("coordinator exited 0");
            Assert.Equal(0, await survivor.WaitForExit(TimeSpan.FromMinutes(1))); // told the sweep is complete
            Assert.Equal(0, await worker3.WaitForExit(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            log.WriteLine(coordinator.Output);
            log.WriteLine("--- surviving worker ---\n" + survivor.Output);
            log.WriteLine("--- worker 3 ---\n" + worker3.Output);
        }

        SweepOutcomeAssert.SameResults(reference, folder);
        await SweepOutcomeAssert.JournalClean(server);
        // The coordinator said so, and `sweep status` reads it from nodes.json: the killed worker is lost, its work was re-queued.
        Assert.Contains("back in the queue (no failed attempt recorded)", coordinator.Output);
        // Only the killed worker's entry is asserted: on a loaded 2-core machine a live worker may miss heartbeats, be
        // downed and join again (an extra entry, its work re-queued too); the results above show nothing was lost by it.
        var status = ActorPipeline.Actors.Observers.NodeStatusFile.TryRead(folder)!;
        foreach (var other in status.Lost) log.WriteLine($"lost: {other.Name} at {other.At:HH:mm:ss}, {other.AssignmentsRequeued} re-queued");
        var lost = Assert.Single(status.Lost, l => l.Name == NodeName(victim));
        Assert.Equal(1, lost.AssignmentsRequeued);
    }

    [FactWhenPostgreSql]
    public async Task A_coordinator_killed_mid_sweep_and_started_again_finishes_with_the_same_results_its_workers_rejoin()
    {
        using var temp = new TempDirectory();
        var (config, reference, server) = await Prepare(temp, 55474);
        using var _ = server;
        const int port = 4062;

        var folder = temp.File("cluster");
        using (var first = StartCoordinator(server, config, folder, port))
        {
            await first.WaitForLine("cluster coordinator on", Patience);
            using var worker1 = StartWorker(folder, port);
            using var worker2 = StartWorker(folder, port);
            await FirstTrainingIteration1(worker1, worker2);
            first.Kill();
            Timeline("SIGKILL coordinator during \"it 1: training\"");

            // The workers lose the coordinator, leave their cluster and wait to join again; the same command restarts the sweep.
            using var again = StartCoordinator(server, config, folder, port);
            Timeline("coordinator started again");
            try
            {
                Assert.True(await again.WaitForExit(Patience) == 0, again.Output);
                Timeline("coordinator exited 0");
                Assert.Equal(0, await worker1.WaitForExit(TimeSpan.FromMinutes(1)));
                Assert.Equal(0, await worker2.WaitForExit(TimeSpan.FromMinutes(1)));
            }
            finally
            {
                log.WriteLine(again.Output);
                log.WriteLine("--- worker 1 ---\n" + worker1.Output);
                log.WriteLine("--- worker 2 ---\n" + worker2.Output);
            }
        }

        SweepOutcomeAssert.SameResults(reference, folder);
        await SweepOutcomeAssert.JournalClean(server);
    }
}
