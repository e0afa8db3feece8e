namespace ActorPipeline.Host.Reports;

/// <summary>Figure 1's line for one problem: one marker per IMP iteration, in iteration order.</summary>
public sealed record AccuracyCurve(string Problem, IReadOnlyList<AccuracyPoint> Points);

/// <summary>
/// One marker of figure 1: the medians of an iteration. As in the paper, x is the fraction of the prunable
/// parameters still remaining (1 − overall sparsity), so the dense network sits at 1.000. <paramref name="Repetitions"/>:
/// how many repetitions the medians rest on.
/// </summary>
public sealed record AccuracyPoint(int Iteration, double FractionRemaining, double TestAccuracy, int Repetitions);
