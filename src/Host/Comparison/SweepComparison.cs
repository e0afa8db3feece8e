using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Comparison;

/// <summary>
/// Two sweeps side by side: the plan settings that differ, the problems both ran, their medians overlaid (figures 1 and
/// 2), and per layer whether the difference exceeds the spread over repetitions. This is how ablations are read (flatten
/// vs gap, clipping, the early-stopping monitor, rewinding).
/// </summary>
public sealed record SweepComparison(
    ComparedSweep A,
    ComparedSweep B,
    IReadOnlyList<SettingDifference> Settings,
    IReadOnlyList<string> CommonProblems,
    IReadOnlyList<AccuracyMedian> AccuracyA,
    IReadOnlyList<AccuracyMedian> AccuracyB,
    IReadOnlyList<LayerDifference> Layers)
{
    public static SweepComparison Of(ComparedSweep a, ComparedSweep b)
    {
        var common = a.Manifest.Plan.Problems.Select(p => p.Problem).Intersect(b.Manifest.Plan.Problems.Select(p => p.Problem)).OrderBy(p => p, NaturalOrder.Instance).ToList();
        if (common.Count == 0)
            throw new ArgumentException($"{a.Folder} ({string.Join(", ", a.Manifest.Plan.Problems.Select(p => p.Problem))}) and {b.Folder} " +
                                        $"({string.Join(", ", b.Manifest.Plan.Problems.Select(p => p.Problem))}) share no problem: there is nothing to overlay.");
        var shared = common.ToHashSet();
        return new SweepComparison(a, b, SettingDifference.Between(a.Manifest, b.Manifest), common,
            ResultMedians.Accuracy(a.Accuracy.Where(r => shared.Contains(r.Problem))),
            ResultMedians.Accuracy(b.Accuracy.Where(r => shared.Contains(r.Problem))),
            LayerDifference.Between(ResultMedians.Similarity(a.Similarity.Where(r => shared.Contains(r.Problem))), ResultMedians.Similarity(b.Similarity.Where(r => shared.Contains(r.Problem)))));
    }

    /// <summary>The metrics both sweeps measured, in the documented order.</summary>
    public IReadOnlyList<string> Metrics => Layers.Select(l => l.Metric).Distinct().OrderBy(ResultMedians.MetricOrder).ToList();

    /// <summary>The deepest IMP iteration both sweeps reached on <paramref name="problem"/> with <paramref name="metric"/>; null: none.</summary>
    public int? LastCommonIteration(string problem, string metric) =>
        Layers.Where(l => l.Problem == problem && l.Metric == metric).Select(l => (int?)l.Iteration).Max();
}
