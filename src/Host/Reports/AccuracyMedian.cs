namespace ActorPipeline.Host.Reports;

/// <summary>Medians over repetitions of one problem's IMP iteration (iteration 0: the dense network).</summary>
/// <param name="Repetitions">How many rows the medians are taken over.</param>
public sealed record AccuracyMedian(
    string Problem, int Iteration, int Repetitions,
    double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy);
