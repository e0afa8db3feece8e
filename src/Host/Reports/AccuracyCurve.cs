namespace ActorPipeline.Host.Reports;

/// <summary>Figure 1's line for one problem: one marker per IMP iteration, in iteration order.</summary>
public sealed record AccuracyCurve(string Problem, IReadOnlyList<AccuracyPoint> Points);

/// <summary>One marker of figure 1: the medians of an iteration, sparsity in percent.</summary>
public sealed record AccuracyPoint(int Iteration, double OverallSparsityPercent, double TestAccuracy);
