using ActorPipeline.Ml.IntrinsicDimension;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// A layer's TwoNN intrinsic dimension in one network, as numbers that leave the device: <see cref="Dimension"/> null
/// with <see cref="Undefined"/> saying why when no ratio was left to fit (a degenerate measurement, a result, not a failure).
/// </summary>
public sealed record LayerIntrinsicDimension(double? Dimension, string? Undefined, int Points, long Features, int DuplicatePoints, int TiedPoints)
{
    public static LayerIntrinsicDimension From(TwoNnResult result) =>
        new(result.Dimension, result.Undefined, result.Points, result.Features, result.DuplicatePoints, result.TiedPoints);
}
