namespace ActorPipeline.Host.Reports;

/// <summary>Median over repetitions of one metric at one layer of one problem's IMP iteration, with its interquartile range.</summary>
/// <param name="Repetitions">How many repetitions had a value for this metric.</param>
/// <param name="LowerQuartile">25th percentile over those repetitions (<see cref="Quartiles"/>).</param>
/// <param name="UpperQuartile">75th percentile.</param>
public sealed record SimilarityMedian(
    string Problem, string Layer, int LayerIndex, int Iteration, string Metric, int Repetitions, double Value,
    double LowerQuartile, double UpperQuartile);
