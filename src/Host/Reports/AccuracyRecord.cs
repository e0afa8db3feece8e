namespace ActorPipeline.Host.Reports;

/// <summary>One line of results/accuracy.csv: a network's sparsity and test accuracy after an IMP iteration.</summary>
/// <param name="Repetition">0..R-1, or -1 for a dense row (iteration 0) shared by all repetitions.</param>
/// <param name="Iteration">0 is the dense network.</param>
/// <param name="ConvSparsity">Fraction of pruned conv weights, 0..1 (likewise fc and overall).</param>
public sealed record AccuracyRecord(
    string Problem, int Repetition, int Iteration,
    double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy, int Line);
