using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Host.Telemetry;
using Akka.Actor;
using Akka.Hosting;
using ActorPipeline.Actors.Sweeps;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// A worker process: joins the coordinator's cluster, pulls work for its devices until the sweep is complete, and when
/// it loses the coordinator (crash, restart, network) joins again: a worker outlives its coordinator's restarts. It never
/// hangs silently: while it cannot join it says so every <see cref="WaitNotice"/>.
/// </summary>
public static class WorkerRunner
{
    public static readonly TimeSpan WaitNotice = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RejoinDelay = TimeSpan.FromSeconds(5);

    /// <returns>0 when the sweep completed; <see cref="SweepStoppedException.NodeStoppedExitCode"/> when the node cannot serve it.</returns>
    /// <param name="telemetry">Exported by each join's host (the node keeps its service instance id across joins).</param>
    public static async Task<int> RunAsync(WorkerSettings settings, IExperimentCompute compute, Func<NodeRegistered, string?> admit, TextWriter output,
        TelemetrySettings? telemetry, CancellationToken cancellation)
    {
        while (true)
        {
            var outcome = await JoinOnceAsync(settings, compute, admit, output, telemetry, cancellation);
            output.WriteLine($"{DateTime.Now:HH:mm:ss} {outcome.Reason}");
            switch (outcome)
            {
                case WorkerOutcome.SweepComplete:
                    return 0;
                case WorkerOutcome.Refused:
                    return SweepStoppedException.NodeStoppedExitCode;
                default:
                    output.WriteLine($"{DateTime.Now:HH:mm:ss} joining {settings.Join} again in {RejoinDelay.TotalSeconds:0} s (its work resumes from its last recorded step)");
                    await Task.Delay(RejoinDelay, cancellation);
                    break;
            }
        }
    }

    /// <summary>What a worker that cannot join says: a TLS refusal is not an absent coordinator.</summary>
    private static string WhyNotJoined(WorkerSettings settings) => settings.Tls switch
    {
        { Refusals.Count: > 0 } => "this node's TLS refused the coordinator's certificate (see above): give --tls a folder of the coordinator's cluster",
        null => "not reachable yet (is `sweep … --cluster-listen` running there? If it runs with --tls, this node needs --tls too)",
        _ => "not reachable yet (is `sweep … --cluster-listen` running there, with --tls of the same cluster? A coordinator that refuses this node's certificate says so in its terminal)",
    };

    /// <summary>One membership of the cluster, in a host of its own: an actor system that left a cluster cannot join it again.</summary>
    private static async Task<WorkerOutcome> JoinOnceAsync(WorkerSettings settings, IExperimentCompute compute, Func<NodeRegistered, string?> admit, TextWriter output,
        TelemetrySettings? telemetry, CancellationToken cancellation)
    {
        var logs = Path.Combine(settings.SweepRoot, "logs");
        Directory.CreateDirectory(logs);
        string logFile = Path.Combine(logs, $"worker-{Environment.MachineName}-{Environment.ProcessId}.log");
        var host = await PipelineHost.StartAsync(ClusterRoles.SystemName, akka => akka
            .WithPipelineLogging(logFile)
            .WithClusterNode(settings.Cluster)
            .WithCoordinatorProxy()
            .WithActors((system, _) => system.ActorOf(WorkerConsole.Props(output), "console")), telemetry, cancellation);
        var system = host.ActorSystem();
        PipelineLog.Use(host.Loggers());
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            string name = $"{cluster.SelfAddress.Host}:{cluster.SelfAddress.Port}";
            output.WriteLine($"{DateTime.Now:HH:mm:ss} worker {name}: joining {settings.Join}; devices {string.Join(",", settings.Devices)} × {settings.SlotsPerDevice} slot{(settings.SlotsPerDevice == 1 ? "" : "s")}; sweep folder {settings.SweepRoot}; " +
                             (settings.Tls is { } tls ? $"mutual TLS (CA SHA-256 {tls.AuthorityFingerprint})" : "clear text"));
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            while (await Task.WhenAny(up.Task, Task.Delay(WaitNotice, cancellation)) != up.Task)
            {
                cancellation.ThrowIfCancellationRequested();
                output.WriteLine($"{DateTime.Now:HH:mm:ss} still waiting to join {settings.Join}: {WhyNotJoined(settings)}");
            }

            var outcome = new TaskCompletionSource<WorkerOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            var proxy = await host.Actors().GetAsync<CoordinatorProxy>(cancellation);
            var agent = system.ActorOf(NodeAgent.Props(new NodeDescription(name, settings.Devices, settings.SlotsPerDevice), settings.SweepRoot, proxy, compute, admit), "node");
            system.ActorOf(WorkerWatch.Props(agent, outcome), "watch");
            _ = system.WhenTerminated.ContinueWith(_ => outcome.TrySetResult(new WorkerOutcome.CoordinatorLost("this node was removed from the cluster (it lost contact with the coordinator)")),
                TaskScheduler.Default);
            using var cancelled = cancellation.Register(() => outcome.TrySetCanceled(cancellation));
            return await outcome.Task;
        }
        finally
        {
            // Leaving (not just stopping: the host runs CoordinatedShutdown) tells the coordinator at once that this node's work must go elsewhere.
            await host.StopAndDisposeAsync();
        }
    }
}
