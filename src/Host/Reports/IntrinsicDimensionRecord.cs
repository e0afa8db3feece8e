namespace ActorPipeline.Host.Reports;

/// <summary>
/// One line of results/intrinsic-dimension.csv: a layer's TwoNN intrinsic dimension in one network. Iteration 0 is the
/// dense network (sparsity 0, measured once per problem); <see cref="Dimension"/> is null when undefined, and then
/// <see cref="UndefinedReason"/> says why.
/// </summary>
public sealed record IntrinsicDimensionRecord(
    string Problem, int Repetition, int Iteration, double OverallSparsity, string Layer, int LayerIndex,
    double? Dimension, int Points, long Features, int DuplicatePoints, int TiedPoints, string? UndefinedReason, int Line);
