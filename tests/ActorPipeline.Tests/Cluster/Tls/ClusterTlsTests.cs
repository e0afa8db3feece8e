using System.Diagnostics;
using System.Net.Sockets;
using ActorPipeline.Host.Cluster.Tls;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Sweeps;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Cluster.Tls;

/// <summary>
/// Mutual TLS between real processes on real sockets: a coordinator with --tls refuses a worker of another CA (and says
/// so in one line) and a worker without TLS, survives plain HTTP and random bytes on its port, speaks TLS to openssl, and
/// finishes the sweep with a worker of its own CA, with the results of a one-process run.
/// </summary>
[Collection(ActorPipeline.Tests.Cluster.ClusterProcessesCollection.Name)]
public sealed class ClusterTlsTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly Dictionary<string, string> OneTorchThread = new() { ["OMP_NUM_THREADS"] = "1" };
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private void Timeline(string what) => log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    private string[] SweepArguments(string config, string folder) => ["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder, "--ui", "off"];

    private HostProcess StartWorker(string folder, int port, params string[] extra) => HostProcess.Start(OneTorchThread,
        ["worker", "--join", $"127.0.0.1:{port}", "--devices", "cpu", "--slots-per-device", "1", "--sweep-folder", folder, "--data", data.Folder, "--no-download", .. extra]);

    [FactWhenPostgreSql]
    public async Task Only_a_worker_of_the_coordinators_CA_joins_and_strangers_plain_text_and_garbage_leave_the_coordinator_running()
    {
        using var temp = new TempDirectory();
        var config = TinyHostSweep.WriteTo(temp.Path);
        var reference = temp.File("single-process");
        using (var single = HostProcess.Start(OneTorchThread, SweepArguments(config, reference)))
            Assert.True(await single.WaitForExit(Patience) == 0, single.Output);
        Timeline("reference (one process, SQLite) finished");

        ClusterCertificates.CreateCluster(temp.File("tls"), "actorpipeline", ClusterCertificates.DefaultHosts());
        ClusterCertificates.CreateNode(temp.File("tls"), temp.File("tls-worker"), "worker", ClusterCertificates.DefaultHosts());
        ClusterCertificates.CreateCluster(temp.File("tls-stranger"), "actorpipeline", ClusterCertificates.DefaultHosts());
        using var server = PostgreSqlServer.Start(55477);
        const int port = 4065;
        var folder = temp.File("cluster");
        // One torch thread as in the reference: `cpu_threads: auto` resolves to the coordinator's count, applied on every worker.
        using var coordinator = HostProcess.Start(new Dictionary<string, string>(server.Environment) { ["OMP_NUM_THREADS"] = "1" }, [.. SweepArguments(config, folder), "--persistence", "postgresql",
            "--connection-string", server.ConnectionString, "--cluster-listen", $"127.0.0.1:{port}", "--tls", temp.File("tls")]);
        await coordinator.WaitForLine("cluster coordinator on", Patience);
        Timeline("coordinator up with --tls");

        using var stranger = StartWorker(folder, port, "--tls", temp.File("tls-stranger"));
        await coordinator.WaitForLine("not by this cluster's CA", Patience);
        Timeline("coordinator refused the stranger's certificate");
        await stranger.WaitForLine("this node's TLS refused the coordinator's certificate", Patience); // mutual: the stranger refuses it too
        using var plain = StartWorker(folder, port);
        await coordinator.WaitForLine("its TLS handshake failed", Patience);
        Timeline("coordinator refused the worker without TLS");

        await SendAndClose(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        await SendAndClose(port, garbage);
        Timeline("sent plain HTTP and 64 KiB of random bytes to the coordinator's port");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(coordinator.HasExited, coordinator.Output);
        if (await OpenSsl.Handshake(port, temp.File("tls-worker")) is { } handshake)
        {
            Timeline($"openssl s_client: {handshake}");
            Assert.Matches(@"TLSv1\.[23]", handshake);
        }
        else log.WriteLine("openssl is not installed: the protocol check is skipped (the refusals above already need TLS)");

        using var worker = StartWorker(folder, port, "--tls", temp.File("tls-worker"));
        Assert.True(await coordinator.WaitForExit(Patience) == 0, coordinator.Output);
        Timeline("coordinator exited 0");
        Assert.Equal(0, await worker.WaitForExit(TimeSpan.FromMinutes(1)));
        log.WriteLine(coordinator.Output);
        log.WriteLine("--- stranger ---\n" + stranger.Output);
        log.WriteLine("--- plain ---\n" + plain.Output);

        Assert.DoesNotContain("joined sweep", stranger.Output);
        Assert.DoesNotContain("joined sweep", plain.Output);
        Assert.Contains("mutual TLS", worker.Output);
        // One node joined; the strangers appear as refusals, not as lost nodes.
        Assert.Single(coordinator.Output.Split('\n'), line => line.Contains(" joined: "));
        Assert.DoesNotContain("back in the queue", coordinator.Output);
        SweepOutcomeAssert.SameResults(reference, folder);
        await SweepOutcomeAssert.JournalClean(server);
    }

    private static async Task SendAndClose(int port, byte[] payload)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(payload);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await stream.ReadAtLeastAsync(new byte[256], 1, throwOnEndOfStream: false, wait.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // closed or silent: either is a refusal
        }
    }
}
