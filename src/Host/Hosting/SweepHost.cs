using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Hosting;
using System.Diagnostics;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Actors.Dispatch;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// A sweep's process on the generic host: the journal, the sweep coordinator (a plain actor in one process, the cluster
/// singleton on a coordinator node), the journal watch and nodes.json from the start; this process's node agent and the
/// watchdog once <see cref="RunAsync"/> runs the sweep. One "sweep" span covers the whole run. It never hangs: the
/// coordinator stopping, the journal staying unavailable past the limit, or the only node leaving end the run with a
/// <see cref="SweepStoppedException"/> saying why (everything recorded is kept; the same run resumes). Disposing stops the
/// host: CoordinatedShutdown, so a coordinator node leaves the cluster after what it sent (the sweep's completion to the
/// workers) went out, and telemetry is flushed.
/// </summary>
public sealed class SweepHost : IAsyncDisposable
{
    public const string LocalNodeName = "local";

    private readonly IHost _host;
    private readonly SweepRun _run;
    private readonly Activity? _span;

    private SweepHost(IHost host, SweepRun run, Activity? span) => (_host, _run, _span) = (host, run, span);

    public ActorSystem System => _host.ActorSystem();

    public Microsoft.Extensions.Logging.ILoggerFactory Loggers => _host.Loggers();

    /// <summary>The add-on's line (the live page's URL, or why it is not served); null without one.</summary>
    public string? AddOnLine => _run.AddOn?.Describe(_host);

    public static async Task<SweepHost> StartAsync(SweepRun run, CancellationToken cancellation = default)
    {
        if (run.Devices.Count == 0 && run.Cluster is null) throw new ArgumentException("A sweep in one process needs at least one device.", nameof(run));
        var plan = run.Plan;
        // One "sweep" span per run of the command; problems are its children, repetitions are traces of their own linked to them.
        var span = Traces.StartOnThisThread("sweep", run.TraceParent, [new("sweep.id", plan.SweepId), new("problems", string.Join(",", plan.Problems.Select(p => p.Problem))),
            new("devices", string.Join(",", run.Devices)), new("slots_per_device", run.SlotsPerDevice)]);
        try
        {
            var coordinator = SweepCoordinator.Props(plan, run.JournalBackoff);
            var host = await PipelineHost.StartAsync(ClusterRoles.SystemName, akka =>
            {
                akka.WithPipelineLogging(run.LogFile).WithSweepJournal(run.Journal);
                // Watching the journal before anything uses it: an outage from the first write on counts towards the limit.
                akka.WithActors((system, _) =>
                {
                    system.ActorOf(JournalWatch.Props(run.Journal.Description, run.JournalOutageLimit, Traces.TraceParentOf(span)), "journal-watch");
                    // nodes.json: what each node runs, for `sweep status` (also while this process runs the sweep).
                    system.ActorOf(NodeStatusFile.Props(SweepPaths.Root(plan.ArtifactFolder)), "nodes-file");
                });
                if (run.Cluster is { } node) akka.WithClusterNode(node).WithCoordinatorSingleton(coordinator);
                else akka.WithActors((system, registry) => registry.Register<SweepCoordinator>(system.ActorOf(coordinator, $"sweep-{plan.SweepId}")));
                if (run.AddOn?.AttachToSystem is { } attach) akka.WithActors((system, _) => attach(system));
            }, run.Telemetry, cancellation, services => run.AddOn?.AddServices(services));
            return new SweepHost(host, run, span);
        }
        catch (Exception e)
        {
            Traces.Fail(span, e);
            span?.Dispose();
            throw;
        }
    }

    /// <summary>Every problem's state as the journal holds it now (the coordinator's own replay is separate).</summary>
    public Task<IReadOnlyList<ProblemState>> ReadProblemsAsync(CancellationToken cancellation) => JournalReader.ReadProblemsAsync(System, _run.Plan, cancellation);

    /// <summary>Runs (or resumes) the sweep and returns when every problem is finished.</summary>
    public async Task<SweepOutcome> RunAsync(CancellationToken cancellation = default)
    {
        try
        {
            var system = System;
            _run.Observe?.Invoke(system);
            var coordinator = await CoordinatorAsync(cancellation);
            IActorRef? node = null;
            if (_run.Devices.Count > 0)
                node = system.ActorOf(NodeAgent.Props(new NodeDescription(_run.NodeName, _run.Devices, _run.SlotsPerDevice), SweepPaths.Root(_run.Plan.ArtifactFolder), coordinator,
                    _run.Compute), "node");
            var stopped = new TaskCompletionSource<SweepStoppedException>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Without a cluster the local node is the only one that can compute: the run cannot outlive it.
            system.ActorOf(SweepWatchdog.Props(coordinator, _run.Cluster is null ? node : null, stopped), "watchdog");
            var finished = coordinator.Ask<SweepOutcome>(new RunSweep(Traces.TraceParentOf(_span)), Timeout.InfiniteTimeSpan, cancellation);
            if (await Task.WhenAny(finished, stopped.Task) == finished) return await finished;
            throw await stopped.Task;
        }
        catch (Exception e)
        {
            Traces.Fail(_span, e);
            throw;
        }
    }

    /// <summary>The coordinator itself (watched by the watchdog): at once in one process; on a coordinator node once the singleton runs.</summary>
    private async Task<IActorRef> CoordinatorAsync(CancellationToken cancellation)
    {
        try
        {
            return await CoordinatorSingleton.StartedAsync(_host.Actors(), cancellation).WaitAsync(CoordinatorSingleton.StartTimeout, cancellation);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The sweep coordinator did not start as the cluster singleton within {CoordinatorSingleton.StartTimeout.TotalSeconds:0} s " +
                                                "(is another coordinator the oldest node of this cluster?).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAndDisposeAsync();
        }
        finally
        {
            _span?.Dispose();
        }
    }
}
