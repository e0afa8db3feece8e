using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Actors;

/// <summary>Sweeps small enough for tests (tiny splits of synthetic images, 1–2 epochs) that still run every stage for real.</summary>
internal static class TinySweeps
{
    public static Cifar10Dataset Dataset { get; } = new(SyntheticImages.Make(600, 10, seed: 1), SyntheticImages.Make(200, 10, seed: 2), "synthetic");

    public static IExperimentCompute Compute() => new TorchExperimentCompute(new ProblemDataProvider(() => Dataset));

    public static SweepPlan Plan(string folder, int repetitions = 2, int iterations = 2, int maxRetries = 2, params string[] problems) => new()
    {
        SweepId = "test-" + Guid.NewGuid().ToString("N")[..8],
        ArtifactFolder = Path.Combine(folder, "artifacts"),
        Retries = new RetryPolicy { MaxRetries = maxRetries, MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) },
        Problems = (problems.Length == 0 ? ["cifar2"] : problems)
            .Select(problem => Problem(problem, repetitions, iterations) with { BatchSize = 32, TrainLimit = 120, TestLimit = 40, ProbeSize = 48, ProbeBatchSize = 16 })
            .ToList(),
    };

    /// <summary>A problem's paper plan cut down to seconds: 2 dense epochs, 1 per IMP iteration, rewind to epoch 1, three metrics.</summary>
    public static ProblemPlan Problem(string problem, int repetitions, int iterations) => ProblemPlan.Paper(problem) with
    {
        DenseEpochs = 2,
        ImpEpochs = 1,
        RewindEpoch = 1,
        Patience = null,
        ConvRate = 0.1,
        FcRate = 0.2,
        Iterations = iterations,
        Repetitions = repetitions,
        Seed = 7,
        Metrics = ["svcca", "pwcca", "cka"],
    };
}
