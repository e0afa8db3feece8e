namespace ActorPipeline.Host.Reports;

/// <summary>The series the figures are drawn from, built from the medians only (so tests can check figure = medians).</summary>
public static class FigureData
{
    /// <summary>
    /// Figure 1: per problem, (fraction of prunable parameters remaining, median test accuracy and its interquartile range)
    /// for each iteration. <paramref name="plannedRepetitions"/>: per problem (any case), from the plan; null or absent: the
    /// most repetitions any pruned point of the problem has.
    /// </summary>
    public static IReadOnlyList<AccuracyCurve> Figure1(IEnumerable<AccuracyMedian> medians, IReadOnlyDictionary<string, int>? plannedRepetitions = null) =>
        medians.GroupBy(m => m.Problem)
            .OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(g => new AccuracyCurve(g.Key, g.OrderBy(m => m.Iteration)
                .Select(m => new AccuracyPoint(m.Iteration, 1 - m.OverallSparsity, m.TestAccuracy, m.Repetitions, m.TestAccuracyLowerQuartile, m.TestAccuracyUpperQuartile)).ToList(),
                Planned(plannedRepetitions, g.Key, g.Where(m => m.Iteration > 0).Select(m => m.Repetitions))))
            .ToList();

    /// <summary>
    /// Figure 2: one grid per metric, a panel per problem, one curve per iteration over the layers in network
    /// order, each point with its interquartile range. <paramref name="metrics"/> limits the metrics drawn and orders them
    /// (the first is the headline); null draws every metric present, in the documented metric order.
    /// <paramref name="plannedRepetitions"/> as for <see cref="Figure1"/> (without it: the most any point of the panel has).
    /// </summary>
    /// <param name="seedBaseline">The seed baselines' rows (results/seed-baseline.csv): each panel gets their range per layer.</param>
    public static IReadOnlyList<SimilarityGrid> Figure2(IEnumerable<SimilarityMedian> medians, IReadOnlyList<string>? metrics = null,
        IReadOnlyDictionary<string, int>? plannedRepetitions = null, IReadOnlyList<SeedBaselineRecord>? seedBaseline = null)
    {
        var panels = new List<SimilarityFigureData>();
        foreach (var problem in medians.GroupBy(m => m.Problem).OrderBy(g => g.Key, NaturalOrder.Instance))
        {
            var layers = problem.Select(m => (m.LayerIndex, m.Layer)).Distinct().OrderBy(l => l.LayerIndex).ThenBy(l => l.Layer, NaturalOrder.Instance)
                .Select(l => l.Layer).ToList();
            foreach (var metric in problem.GroupBy(m => m.Metric))
            {
                var curves = metric.GroupBy(m => m.Iteration).OrderBy(g => g.Key)
                    .Select(iteration => new SimilarityCurve(iteration.Key, iteration
                        .Select(m => new LayerValue(layers.IndexOf(m.Layer), m.Layer, m.Value, m.Repetitions, m.LowerQuartile, m.UpperQuartile))
                        .OrderBy(p => p.Position).ToList()))
                    .ToList();
                var floor = (seedBaseline ?? [])
                    .Where(b => b.Problem.Equals(problem.Key, StringComparison.OrdinalIgnoreCase) && layers.Contains(b.Layer) && b.Metrics.ContainsKey(metric.Key))
                    .GroupBy(b => b.Layer)
                    .Select(g => new SeedBaselineRange(layers.IndexOf(g.Key), g.Key, g.Min(b => b.Metrics[metric.Key]), g.Max(b => b.Metrics[metric.Key]), g.Count()))
                    .OrderBy(r => r.Position)
                    .ToList();
                panels.Add(new SimilarityFigureData(problem.Key, metric.Key, layers, curves, Planned(plannedRepetitions, problem.Key, metric.Select(m => m.Repetitions))) { SeedBaseline = floor });
            }
        }

        var present = panels.Select(p => p.Metric).Distinct().OrderBy(ResultMedians.MetricOrder).ThenBy(m => m, NaturalOrder.Instance);
        return (metrics ?? present.ToList())
            .Select(metric => new SimilarityGrid(metric, panels.Where(p => p.Metric == metric).ToList()))
            .Where(grid => grid.Panels.Count > 0)
            .ToList();
    }

    /// <summary>The plan's repetitions for <paramref name="problem"/>, else the most of <paramref name="reached"/> (0 when none).</summary>
    private static int Planned(IReadOnlyDictionary<string, int>? planned, string problem, IEnumerable<int> reached)
    {
        // results name problems as the paper does (Cifar2), plans in lower case
        foreach (var (name, repetitions) in planned ?? new Dictionary<string, int>())
            if (name.Equals(problem, StringComparison.OrdinalIgnoreCase)) return repetitions;
        return reached.DefaultIfEmpty(0).Max();
    }
}
