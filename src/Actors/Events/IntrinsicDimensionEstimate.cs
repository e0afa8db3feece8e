namespace ActorPipeline.Actors.Events;

/// <summary>
/// A layer's TwoNN intrinsic dimension in one network as the journal records it: <see cref="Dimension"/> null with
/// <see cref="Undefined"/> saying why when nothing was left to fit; the points it rests on and those left out.
/// </summary>
public sealed record IntrinsicDimensionEstimate(double? Dimension, string? Undefined, int Points, long Features, int DuplicatePoints, int TiedPoints);
