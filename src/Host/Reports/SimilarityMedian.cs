namespace ActorPipeline.Host.Reports;

/// <summary>Median over repetitions of one metric at one layer of one problem's IMP iteration.</summary>
/// <param name="Repetitions">How many repetitions had a value for this metric.</param>
public sealed record SimilarityMedian(
    string Problem, string Layer, int LayerIndex, int Iteration, string Metric, int Repetitions, double Value);
