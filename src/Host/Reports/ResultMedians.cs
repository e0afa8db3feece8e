namespace ActorPipeline.Host.Reports;

/// <summary>Reduces the per-repetition results to medians and interquartile ranges, in a stable order (problem, then iteration, then layer order).</summary>
public static class ResultMedians
{
    /// <summary>Per (problem, iteration). A dense row with repetition -1 counts once.</summary>
    public static IReadOnlyList<AccuracyMedian> Accuracy(IEnumerable<AccuracyRecord> records) =>
        records.GroupBy(r => (r.Problem, r.Iteration))
            .OrderBy(g => g.Key.Problem, NaturalOrder.Instance).ThenBy(g => g.Key.Iteration)
            .Select(g =>
            {
                var spread = Quartiles.Of(g.Select(r => r.TestAccuracy));
                return new AccuracyMedian(
                    g.Key.Problem, g.Key.Iteration, g.Count(),
                    Median.Of(g.Select(r => r.ConvSparsity)), Median.Of(g.Select(r => r.FcSparsity)),
                    Median.Of(g.Select(r => r.OverallSparsity)), Median.Of(g.Select(r => r.TestAccuracy)), spread.Lower, spread.Upper);
            })
            .ToList();

    /// <summary>Per (problem, layer, iteration, metric), over the repetitions that computed the metric.</summary>
    public static IReadOnlyList<SimilarityMedian> Similarity(IEnumerable<SimilarityRecord> records) =>
        records.SelectMany(r => r.Metrics.Select(m => (Record: r, Metric: m.Key, m.Value)))
            .GroupBy(x => (x.Record.Problem, x.Record.Layer, x.Record.LayerIndex, x.Record.Iteration, x.Metric))
            .OrderBy(g => g.Key.Problem, NaturalOrder.Instance).ThenBy(g => MetricOrder(g.Key.Metric)).ThenBy(g => g.Key.Metric, NaturalOrder.Instance)
            .ThenBy(g => g.Key.Iteration).ThenBy(g => g.Key.LayerIndex)
            .Select(g =>
            {
                var spread = Quartiles.Of(g.Select(x => x.Value));
                return new SimilarityMedian(
                    g.Key.Problem, g.Key.Layer, g.Key.LayerIndex, g.Key.Iteration, g.Key.Metric, g.Count(), Median.Of(g.Select(x => x.Value)), spread.Lower, spread.Upper);
            })
            .ToList();

    /// <summary>The sweep's metrics in their documented order, unknown ones after them.</summary>
    public static int MetricOrder(string metric)
    {
        var index = SimilarityCsv.KnownMetrics.ToList().IndexOf(metric);
        return index >= 0 ? index : int.MaxValue;
    }
}
