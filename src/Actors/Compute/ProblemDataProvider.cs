using System.Collections.Concurrent;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// Builds each problem's seeded splits once from one CIFAR-10 dataset (read on first use) and shares them
/// between workers; the splits depend only on the plan, so every worker sees the same.
/// </summary>
public sealed class ProblemDataProvider(Func<Cifar10Dataset> loadDataset) : IProblemDataProvider
{
    private readonly Lazy<Cifar10Dataset> _dataset = new(loadDataset, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, Lazy<ProblemData>> _problems = new();

    public ProblemData Get(ProblemPlan plan) =>
        _problems.GetOrAdd(plan.Key, _ => new Lazy<ProblemData>(() => plan.Data(_dataset.Value))).Value;
}
