namespace ActorPipeline.Host.Reports;

/// <summary>Figure 1's line for one problem: one marker per IMP iteration, in iteration order.</summary>
/// <param name="PlannedRepetitions">The repetitions the plan asked for (sweep.json); without one, the most any pruned point has.</param>
public sealed record AccuracyCurve(string Problem, IReadOnlyList<AccuracyPoint> Points, int PlannedRepetitions)
{
    /// <summary>A pruned point fewer repetitions reached than were planned (failed or still running); the figure labels its n.</summary>
    public bool ShortOfPlan(AccuracyPoint point) => point.Iteration > 0 && point.Repetitions < PlannedRepetitions;
}

/// <summary>
/// One marker of figure 1: the medians of an iteration. As in the paper, x is the fraction of the prunable
/// parameters still remaining (1 − overall sparsity), so the dense network sits at 1.000. <paramref name="Repetitions"/>:
/// how many repetitions the medians rest on; <paramref name="LowerQuartile"/> and <paramref name="UpperQuartile"/>: the
/// test accuracy's interquartile range over them (the band).
/// </summary>
public sealed record AccuracyPoint(int Iteration, double FractionRemaining, double TestAccuracy, int Repetitions, double LowerQuartile, double UpperQuartile);
