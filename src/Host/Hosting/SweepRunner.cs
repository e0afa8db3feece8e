using ActorPipeline.Actors.Sweeps;

namespace ActorPipeline.Host.Hosting;

/// <summary>Runs (or resumes) a sweep start to end in a host of its own (see <see cref="SweepHost"/>).</summary>
public static class SweepRunner
{
    public static async Task<SweepOutcome> RunAsync(SweepRun run, CancellationToken cancellation = default)
    {
        await using var sweep = await SweepHost.StartAsync(run, cancellation);
        return await sweep.RunAsync(cancellation);
    }
}
