using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Host.Persistence;
using Akka.Actor;

namespace ActorPipeline.Host.Sweeps;

/// <summary>
/// Runs (or resumes) a sweep in a fresh actor system and returns when every problem is finished. It never hangs:
/// if the coordinator stops, or the journal stays unavailable past <paramref name="journalOutageLimit"/>, it throws
/// a <see cref="SweepStoppedException"/> saying why (everything recorded is kept; the same call resumes).
/// </summary>
public static class SweepRunner
{
    public const string LocalNodeName = "local";

    public static async Task<SweepFinished> RunAsync(SweepPlan plan, JournalSettings journal, IReadOnlyList<string> devices, int slotsPerDevice,
        IExperimentCompute compute, Action<ActorSystem>? attach = null, string? traceParent = null, CancellationToken cancellation = default,
        TimeSpan journalOutageLimit = default, JournalBackoff? journalBackoff = null, string? logFile = null)
    {
        var system = PipelineActorSystem.Create(journal, logFile: logFile);
        // One "sweep" span per run of the command; problems are its children, repetitions are traces of their own linked to them.
        using var span = Traces.StartOnThisThread("sweep", traceParent, [new("sweep.id", plan.SweepId), new("problems", string.Join(",", plan.Problems.Select(p => p.Problem))), new("devices", string.Join(",", devices)), new("slots_per_device", slotsPerDevice)]);
        try
        {
            attach?.Invoke(system);
            system.ActorOf(JournalWatch.Props(journal.Description, journalOutageLimit, Traces.TraceParentOf(span)), "journal-watch");
            var coordinator = system.ActorOf(SweepCoordinator.Props(plan, journalBackoff), $"sweep-{plan.SweepId}");
            // One process is a cluster of one: the same node agent pulls the work from the same dispatcher.
            system.ActorOf(NodeAgent.Props(new NodeDescription(LocalNodeName, devices, slotsPerDevice), SweepPaths.Root(plan.ArtifactFolder), coordinator, compute), "node");
            var stopped = new TaskCompletionSource<SweepStoppedException>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(SweepWatchdog.Props(coordinator, stopped), "watchdog");
            var finished = coordinator.Ask<SweepFinished>(new RunSweep(Traces.TraceParentOf(span)), Timeout.InfiniteTimeSpan, cancellation);
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
            await system.Terminate();
        }
    }
}
