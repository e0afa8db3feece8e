using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Persistence;
using Akka.Actor;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;
using ActorPipeline.Actors.Observers;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// Runs (or resumes) a sweep in a fresh actor system and returns when every problem is finished. It never hangs:
/// if the coordinator stops, the journal stays unavailable past <paramref name="journalOutageLimit"/>, or the process's
/// only node leaves, it throws a <see cref="SweepStoppedException"/> saying why (everything recorded is kept; the same
/// call resumes). With <paramref name="cluster"/>, the process is the cluster's coordinator node: the coordinator runs as
/// the cluster singleton that worker nodes pull work from; else one process is a cluster of one, on the same protocol.
/// </summary>
public static class SweepRunner
{
    public const string LocalNodeName = "local";

    /// <param name="devices">This process's devices; empty (cluster only): the coordinator computes nothing itself.</param>
    public static async Task<SweepOutcome> RunAsync(SweepPlan plan, JournalSettings journal, IReadOnlyList<string> devices, int slotsPerDevice,
        IExperimentCompute compute, Action<ActorSystem>? attach = null, string? traceParent = null, CancellationToken cancellation = default,
        TimeSpan journalOutageLimit = default, JournalBackoff? journalBackoff = null, string? logFile = null, ClusterNodeSettings? cluster = null)
    {
        if (devices.Count == 0 && cluster is null) throw new ArgumentException("A sweep in one process needs at least one device.", nameof(devices));
        var system = PipelineActorSystem.Create(journal, logFile: logFile, cluster: cluster);
        // One "sweep" span per run of the command; problems are its children, repetitions are traces of their own linked to them.
        using var span = Traces.StartOnThisThread("sweep", traceParent, [new("sweep.id", plan.SweepId), new("problems", string.Join(",", plan.Problems.Select(p => p.Problem))), new("devices", string.Join(",", devices)), new("slots_per_device", slotsPerDevice)]);
        try
        {
            attach?.Invoke(system);
            system.ActorOf(JournalWatch.Props(journal.Description, journalOutageLimit, Traces.TraceParentOf(span)), "journal-watch");
            // nodes.json: what each node runs, for `sweep status` (also while this process runs the sweep).
            system.ActorOf(NodeStatusFile.Props(SweepPaths.Root(plan.ArtifactFolder)), "nodes-file");
            var coordinator = cluster is null
                ? system.ActorOf(SweepCoordinator.Props(plan, journalBackoff), $"sweep-{plan.SweepId}")
                : await CoordinatorSingleton.StartAsync(system, SweepCoordinator.Props(plan, journalBackoff), cancellation);
            IActorRef? node = null;
            if (devices.Count > 0)
            {
                string name = cluster is null ? LocalNodeName : cluster.AdvertisedAddress;
                node = system.ActorOf(NodeAgent.Props(new NodeDescription(name, devices, slotsPerDevice), SweepPaths.Root(plan.ArtifactFolder), coordinator, compute), "node");
            }
            var stopped = new TaskCompletionSource<SweepStoppedException>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Without a cluster the local node is the only one that can compute: the run cannot outlive it.
            system.ActorOf(SweepWatchdog.Props(coordinator, cluster is null ? node : null, stopped), "watchdog");
            var finished = coordinator.Ask<SweepOutcome>(new RunSweep(Traces.TraceParentOf(span)), Timeout.InfiniteTimeSpan, cancellation);
            if (await Task.WhenAny(finished, stopped.Task) == finished) return await finished;
            throw await stopped.Task;
        }
        catch (Exception e)
        {
            Traces.Fail(span, e);
            throw;
        }
        finally
        {
            // Workers learn that the sweep is complete before the coordinator leaves the cluster.
            if (cluster is not null) await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            await system.Terminate();
        }
    }
}
