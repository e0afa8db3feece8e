using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Comparison;

/// <summary>
/// One layer of one problem at one IMP iteration, one metric, in both sweeps: the medians over repetitions, their
/// interquartile ranges, and whether the difference exceeds the spread: |median A − median B| larger than the mean of the
/// two interquartile ranges (a difference inside the repetitions' own scatter is not read as an effect).
/// </summary>
public sealed record LayerDifference(string Problem, string Metric, int Iteration, int LayerIndex, string Layer, SimilarityMedian A, SimilarityMedian B)
{
    public double Difference => B.Value - A.Value;

    public double Spread => ((A.UpperQuartile - A.LowerQuartile) + (B.UpperQuartile - B.LowerQuartile)) / 2;

    public bool ExceedsSpread => Math.Abs(Difference) > Spread;

    /// <summary>Every (problem, metric, iteration, layer) both sweeps have a median for, in the medians' order.</summary>
    public static IReadOnlyList<LayerDifference> Between(IReadOnlyList<SimilarityMedian> a, IReadOnlyList<SimilarityMedian> b)
    {
        var other = b.ToDictionary(m => (m.Problem, m.Metric, m.Iteration, m.Layer));
        return a.Where(m => other.ContainsKey((m.Problem, m.Metric, m.Iteration, m.Layer)))
            .Select(m => new LayerDifference(m.Problem, m.Metric, m.Iteration, m.LayerIndex, m.Layer, m, other[(m.Problem, m.Metric, m.Iteration, m.Layer)]))
            .ToList();
    }
}
