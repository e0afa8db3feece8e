namespace ActorPipeline.Host.Reports;

/// <summary>
/// A layer of a problem's pruned networks that collapsed at an IMP iteration (no varying neuron: its similarity
/// values are undefined) in <see cref="Repetitions"/> of the <see cref="Measured"/> repetitions measured there.
/// </summary>
public sealed record CollapsedLayer(string Problem, int Iteration, string Layer, int LayerIndex, int Repetitions, int Measured, string Reason)
{
    /// <summary>One entry per (problem, iteration, layer) with a degenerate row, in problem, iteration and layer order.</summary>
    public static IReadOnlyList<CollapsedLayer> Find(IEnumerable<SimilarityRecord> records) =>
        records.GroupBy(r => (r.Problem, r.Iteration, r.Layer, r.LayerIndex))
            .Where(g => g.Any(r => r.IsDegenerate))
            .OrderBy(g => g.Key.Problem, NaturalOrder.Instance).ThenBy(g => g.Key.Iteration).ThenBy(g => g.Key.LayerIndex)
            .Select(g => new CollapsedLayer(g.Key.Problem, g.Key.Iteration, g.Key.Layer, g.Key.LayerIndex,
                g.Count(r => r.IsDegenerate), g.Count(),
                // repetitions may give different counts of datapoints or neurons in their reasons; the first stands for them
                g.First(r => r.IsDegenerate).UndefinedReason!))
            .ToList();
}
