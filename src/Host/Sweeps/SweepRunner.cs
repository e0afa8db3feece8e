using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Persistence;
using Akka.Actor;

namespace ActorPipeline.Host.Sweeps;

/// <summary>Runs (or resumes) a sweep in a fresh actor system and returns when every problem is finished.</summary>
public static class SweepRunner
{
    public static async Task<SweepFinished> RunAsync(SweepPlan plan, JournalSettings journal, IReadOnlyList<string> devices, int slotsPerDevice,
        IExperimentCompute compute, Action<ActorSystem>? attach = null, string? traceParent = null, CancellationToken cancellation = default)
    {
        var system = PipelineActorSystem.Create(journal);
        try
        {
            attach?.Invoke(system);
            var pool = system.ActorOf(DevicePool.Props(devices, slotsPerDevice), "devices");
            var coordinator = system.ActorOf(SweepCoordinator.Props(plan, pool, compute), $"sweep-{plan.SweepId}");
            return await coordinator.Ask<SweepFinished>(new RunSweep(traceParent), Timeout.InfiniteTimeSpan, cancellation);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
