namespace ActorPipeline.Actors.Wire;

/// <summary>A layer's TwoNN intrinsic dimension on the wire: null <see cref="Dimension"/> with <see cref="Undefined"/>'s reason when nothing was left to fit.</summary>
public sealed record IntrinsicDimensionValue(double? Dimension, string? Undefined, int Points, long Features, int DuplicatePoints, int TiedPoints);
