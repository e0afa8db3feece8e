using System.Collections.Concurrent;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// Builds each problem's seeded splits once from one CIFAR-10 dataset (read on first use) and shares them
/// between workers; the splits depend only on the problem's seed and limits, so every worker sees the same.
/// </summary>
public sealed class ProblemDataProvider(Func<Cifar10Dataset> loadDataset) : IProblemDataProvider
{
    private readonly Lazy<Cifar10Dataset> _dataset = new(loadDataset, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, Lazy<ProblemData>> _problems = new();

    public ProblemData Get(ProblemPlan plan) => _problems.GetOrAdd(plan.Key, _ => new Lazy<ProblemData>(() =>
        ProblemData.Build(_dataset.Value, Ml.Data.Problems.Get(plan.Problem), plan.Seed, new ProblemSplitOptions
        {
            UseValidation = plan.Patience is not null,
            ProbeSize = plan.ProbeSize,
            TrainCap = plan.TrainLimit,
            TestCap = plan.TestLimit,
        }))).Value;
}
