namespace ActorPipeline.Host.Reports;

/// <summary>The series the figures are drawn from, built from the medians only (so tests can check figure = medians).</summary>
public static class FigureData
{
    /// <summary>Figure 1: per problem, (overall sparsity %, median test accuracy) for each iteration.</summary>
    public static IReadOnlyList<AccuracyCurve> Figure1(IEnumerable<AccuracyMedian> medians) =>
        medians.GroupBy(m => m.Problem)
            .OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(g => new AccuracyCurve(g.Key, g.OrderBy(m => m.Iteration)
                .Select(m => new AccuracyPoint(m.Iteration, m.OverallSparsity * 100, m.TestAccuracy)).ToList()))
            .ToList();

    /// <summary>
    /// Figure 2: per problem and metric, one curve per iteration over the layers in network order.
    /// <paramref name="metrics"/> limits the metrics drawn; null draws every metric present.
    /// </summary>
    public static IReadOnlyList<SimilarityFigureData> Figure2(IEnumerable<SimilarityMedian> medians, IReadOnlyCollection<string>? metrics = null)
    {
        var figures = new List<SimilarityFigureData>();
        foreach (var problem in medians.GroupBy(m => m.Problem).OrderBy(g => g.Key, NaturalOrder.Instance))
        {
            var layers = problem.Select(m => (m.LayerIndex, m.Layer)).Distinct().OrderBy(l => l.LayerIndex).ThenBy(l => l.Layer, NaturalOrder.Instance)
                .Select(l => l.Layer).ToList();
            foreach (var metric in problem.GroupBy(m => m.Metric).OrderBy(g => ResultMedians.MetricOrder(g.Key)).ThenBy(g => g.Key, NaturalOrder.Instance))
            {
                if (metrics is not null && !metrics.Contains(metric.Key))
                    continue;
                var curves = metric.GroupBy(m => m.Iteration).OrderBy(g => g.Key)
                    .Select(iteration => new SimilarityCurve(iteration.Key, iteration
                        .Select(m => new LayerValue(layers.IndexOf(m.Layer), m.Layer, m.Value))
                        .OrderBy(p => p.Position).ToList()))
                    .ToList();
                figures.Add(new SimilarityFigureData(problem.Key, metric.Key, layers, curves));
            }
        }
        return figures;
    }
}
