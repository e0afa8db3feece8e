namespace ActorPipeline.Host.Reports;

/// <summary>The series the figures are drawn from, built from the medians only (so tests can check figure = medians).</summary>
public static class FigureData
{
    /// <summary>Figure 1: per problem, (fraction of prunable parameters remaining, median test accuracy) for each iteration.</summary>
    public static IReadOnlyList<AccuracyCurve> Figure1(IEnumerable<AccuracyMedian> medians) =>
        medians.GroupBy(m => m.Problem)
            .OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(g => new AccuracyCurve(g.Key, g.OrderBy(m => m.Iteration)
                .Select(m => new AccuracyPoint(m.Iteration, 1 - m.OverallSparsity, m.TestAccuracy, m.Repetitions)).ToList()))
            .ToList();

    /// <summary>
    /// Figure 2: one grid per metric, a panel per problem, one curve per iteration over the layers in network
    /// order. <paramref name="metrics"/> limits the metrics drawn and orders them (the first is the headline);
    /// null draws every metric present, in the documented metric order.
    /// </summary>
    public static IReadOnlyList<SimilarityGrid> Figure2(IEnumerable<SimilarityMedian> medians, IReadOnlyList<string>? metrics = null)
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
                        .Select(m => new LayerValue(layers.IndexOf(m.Layer), m.Layer, m.Value, m.Repetitions))
                        .OrderBy(p => p.Position).ToList()))
                    .ToList();
                panels.Add(new SimilarityFigureData(problem.Key, metric.Key, layers, curves));
            }
        }

        var present = panels.Select(p => p.Metric).Distinct().OrderBy(ResultMedians.MetricOrder).ThenBy(m => m, NaturalOrder.Instance);
        return (metrics ?? present.ToList())
            .Select(metric => new SimilarityGrid(metric, panels.Where(p => p.Metric == metric).ToList()))
            .Where(grid => grid.Panels.Count > 0)
            .ToList();
    }
}
