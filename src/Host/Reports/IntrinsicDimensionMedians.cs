namespace ActorPipeline.Host.Reports;

/// <summary>
/// The intrinsic dimensions of results/intrinsic-dimension.csv as medians over repetitions per (problem, layer,
/// iteration), in the shape of the similarity medians so that Figure 2's data and renderer draw them (iteration 0: the
/// dense network, measured once). Undefined estimates count in no median.
/// </summary>
public static class IntrinsicDimensionMedians
{
    /// <summary>The "metric" name of the intrinsic dimension in the figure series.</summary>
    public const string Metric = "intrinsic_dimension";

    /// <summary>The "metric" name of the change of intrinsic dimension by pruning (pruned minus dense).</summary>
    public const string ChangeMetric = "intrinsic_dimension_change";

    public static IReadOnlyList<SimilarityMedian> Of(IEnumerable<IntrinsicDimensionRecord> records) =>
        Medians(records.Where(r => r.Dimension is not null).Select(r => (r.Problem, r.Layer, r.LayerIndex, r.Iteration, r.Dimension!.Value)), Metric);

    /// <summary>
    /// Per (problem, layer, pruned iteration): the median over repetitions of the pruned network's intrinsic dimension minus
    /// the dense network's (the median of the dense estimates, where a problem has more than one).
    /// </summary>
    public static IReadOnlyList<SimilarityMedian> Change(IEnumerable<IntrinsicDimensionRecord> records)
    {
        var defined = records.Where(r => r.Dimension is not null).ToList();
        var dense = defined.Where(r => r.Iteration == 0).GroupBy(r => (r.Problem, r.Layer))
            .ToDictionary(g => g.Key, g => Median.Of(g.Select(r => r.Dimension!.Value)));
        var changes = defined.Where(r => r.Iteration > 0 && dense.ContainsKey((r.Problem, r.Layer)))
            .Select(r => (r.Problem, r.Layer, r.LayerIndex, r.Iteration, r.Dimension!.Value - dense[(r.Problem, r.Layer)]));
        return Medians(changes, ChangeMetric);
    }

    private static IReadOnlyList<SimilarityMedian> Medians(IEnumerable<(string Problem, string Layer, int LayerIndex, int Iteration, double Value)> values, string metric) =>
        values.GroupBy(v => (v.Problem, v.Layer, v.LayerIndex, v.Iteration))
            .OrderBy(g => g.Key.Problem, NaturalOrder.Instance).ThenBy(g => g.Key.Iteration).ThenBy(g => g.Key.LayerIndex)
            .Select(g =>
            {
                var spread = Quartiles.Of(g.Select(v => v.Value));
                return new SimilarityMedian(g.Key.Problem, g.Key.Layer, g.Key.LayerIndex, g.Key.Iteration, metric, g.Count(), Median.Of(g.Select(v => v.Value)), spread.Lower, spread.Upper);
            })
            .ToList();
}
