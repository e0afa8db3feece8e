namespace ActorPipeline.Host.Reports;

/// <summary>
/// The paper's §5.3 question per problem: does a layer's change of intrinsic dimension by pruning go with its similarity to
/// the dense network? Every (layer, pruned iteration) with both medians is a point; Spearman's ρ over them says whether
/// their orders agree (null when undefined: fewer than two points, or one side constant).
/// </summary>
public sealed record IntrinsicDimensionComparison(string Problem, string Metric, IReadOnlyList<IntrinsicDimensionPairing> Points, double? Spearman)
{
    /// <param name="changes">Median intrinsic dimension change (<see cref="IntrinsicDimensionMedians.Change"/>).</param>
    /// <param name="similarity">Similarity medians; only <paramref name="metric"/>'s are paired.</param>
    public static IReadOnlyList<IntrinsicDimensionComparison> Of(IReadOnlyList<SimilarityMedian> changes, IEnumerable<SimilarityMedian> similarity, string metric)
    {
        var similar = similarity.Where(s => s.Metric == metric).ToDictionary(s => (s.Problem, s.Layer, s.Iteration));
        return changes.GroupBy(c => c.Problem)
            .OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(problem =>
            {
                var points = problem
                    .Where(c => similar.ContainsKey((c.Problem, c.Layer, c.Iteration)))
                    .Select(c => new IntrinsicDimensionPairing(c.Layer, c.LayerIndex, c.Iteration, c.Value, similar[(c.Problem, c.Layer, c.Iteration)].Value))
                    .OrderBy(p => p.Iteration).ThenBy(p => p.LayerIndex)
                    .ToList();
                return new IntrinsicDimensionComparison(problem.Key, metric, points,
                    SpearmanCorrelation.Of(points.Select(p => p.IdChange).ToList(), points.Select(p => p.Similarity).ToList()));
            })
            .Where(c => c.Points.Count > 0)
            .ToList();
    }
}

/// <summary>One layer at one pruned iteration: its median intrinsic dimension change and its median similarity to the dense network.</summary>
public sealed record IntrinsicDimensionPairing(string Layer, int LayerIndex, int Iteration, double IdChange, double Similarity);
