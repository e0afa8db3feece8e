namespace ActorPipeline.Host.Reports;

/// <summary>Medians over repetitions of one problem's IMP iteration (iteration 0: the dense network), and the test accuracy's interquartile range.</summary>
/// <param name="Repetitions">How many rows the medians are taken over.</param>
/// <param name="TestAccuracyLowerQuartile">25th percentile of the test accuracy (<see cref="Quartiles"/>).</param>
/// <param name="TestAccuracyUpperQuartile">75th percentile.</param>
public sealed record AccuracyMedian(
    string Problem, int Iteration, int Repetitions,
    double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy,
    double TestAccuracyLowerQuartile, double TestAccuracyUpperQuartile);
