using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Actors;

/// <summary>Plans for <see cref="FakeCompute"/>: only the counts matter (nothing is trained, nothing is written under the artifact folder).</summary>
internal static class FakePlans
{
    public static ProblemPlan Problem(string problem = "cifar2", int repetitions = 2, int iterations = 2) =>
        TinySweeps.Problem(problem, repetitions, iterations) with { ProbeSize = FakeCompute.ProbeBatches * FakeActivations.Rows, ProbeBatchSize = FakeActivations.Rows };

    /// <summary>Retries quick enough for the real scheduler.</summary>
    public static RetryPolicy QuickRetries { get; } = new() { MaxRetries = 2, MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) };

    public static SweepPlan Sweep(int repetitions = 1, int iterations = 1, RetryPolicy? retries = null, params string[] problems)
    {
        string id = "fake-" + Guid.NewGuid().ToString("N")[..8];
        return new SweepPlan
        {
            SweepId = id,
            ArtifactFolder = Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", id),
            Retries = retries ?? QuickRetries,
            Problems = (problems.Length == 0 ? ["cifar2"] : problems).Select(p => Problem(p, repetitions, iterations)).ToList(),
        };
    }
}
