using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Live;

/// <summary>
/// Figures 1 and 2 from what the journal holds so far, through the report's own medians, figure data and renderers (one
/// figure code path): medians over the repetitions that reached each point, n shown where fewer than planned did. A failed
/// repetition counts in no median, as in the report.
/// </summary>
public static class LiveFigures
{
    /// <returns>The SVG, or null while no network has been trained.</returns>
    public static string? Figure1(SweepPlan plan, IReadOnlyList<ProblemState> states, FractionScale scale, bool spread)
    {
        var records = AccuracyRecords(states).ToList();
        if (records.Count == 0) return null;
        return Figure1Renderer.Svg(FigureData.Figure1(ResultMedians.Accuracy(records), Planned(plan)), scale, spread);
    }

    /// <returns>The SVG of <paramref name="metric"/>'s grid, or null while it has no value yet.</returns>
    public static string? Figure2(SweepPlan plan, IReadOnlyList<ProblemState> states, string metric, bool spread)
    {
        var medians = ResultMedians.Similarity(SimilarityRecords(states));
        if (!medians.Any(m => m.Metric == metric)) return null;
        var grid = FigureData.Figure2(medians, [metric], Planned(plan)).Single();
        return Figure2Renderer.Svg(grid, spread);
    }

    private static Dictionary<string, int> Planned(SweepPlan plan) => plan.Problems.ToDictionary(p => p.Problem, p => p.Repetitions);

    /// <summary>The rows results/accuracy.csv will hold (iteration 0: the dense network, once per repetition that started).</summary>
    public static IEnumerable<AccuracyRecord> AccuracyRecords(IEnumerable<ProblemState> states)
    {
        foreach (var problem in states)
        {
            if (problem.Dense is not { } dense) continue;
            var repetitions = Included(problem).ToList();
            if (repetitions.Count == 0) yield return new AccuracyRecord(problem.Problem, -1, 0, 0, 0, 0, dense.TestAccuracy, 0);
            foreach (var repetition in repetitions)
            {
                yield return new AccuracyRecord(problem.Problem, repetition.Repetition, 0, 0, 0, 0, dense.TestAccuracy, 0);
                foreach (var (iteration, trained) in repetition.Trained)
                    yield return new AccuracyRecord(problem.Problem, repetition.Repetition, iteration, trained.ConvSparsity, trained.FcSparsity, trained.OverallSparsity, trained.TestAccuracy, 0);
            }
        }
    }

    /// <summary>The rows results/similarity.csv will hold; an undefined value (a collapsed layer) is absent from its metric.</summary>
    public static IEnumerable<SimilarityRecord> SimilarityRecords(IEnumerable<ProblemState> states) =>
        from problem in states
        from repetition in Included(problem)
        from measured in repetition.Similarity.Values
        from layer in measured.Layers
        select new SimilarityRecord(problem.Problem, repetition.Repetition, measured.Iteration, layer.Layer, layer.LayerIndex,
            layer.Values.Where(v => !layer.Undefined.ContainsKey(v.Key) && double.IsFinite(v.Value)).ToDictionary(v => v.Key, v => v.Value), 0);

    private static IEnumerable<RepetitionState> Included(ProblemState problem) =>
        problem.Repetitions.Values.Where(r => r.Repetition >= 0 && r.Failure is null);
}
