namespace ActorPipeline.Ml.Data;

/// <summary>
/// Parameters of <see cref="BatchAugmentation"/> (the paper: "random crop, horizontal flip, small rotation
/// and translation", values unspecified). Defaults are the common CIFAR choices; 0 switches a step off.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Random crop of the image padded by this many pixels on each side (zero in normalized space, i.e. the mean colour). Default 4.</summary>
    public int CropPadding { get; init; } = 4;

    /// <summary>Probability of a horizontal flip. Default 0.5.</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Rotation drawn uniformly in ±this many degrees. Default 15.</summary>
    public double MaxRotationDegrees { get; init; } = 15;

    /// <summary>Translation drawn uniformly in ±this fraction of the width/height, per axis, sub-pixel. Default 0.1 (±3.2 px).</summary>
    public double MaxTranslationFraction { get; init; } = 0.1;

    public static AugmentationOptions Default { get; } = new();

    /// <summary>Every step off: the batch passes through unchanged.</summary>
    public static AugmentationOptions None { get; } = new() { CropPadding = 0, FlipProbability = 0, MaxRotationDegrees = 0, MaxTranslationFraction = 0 };

    internal void Validate()
    {
        if (CropPadding is < 0 or > 16) throw new ArgumentOutOfRangeException(nameof(CropPadding), CropPadding, "Crop padding must be 0..16 pixels.");
        if (FlipProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(FlipProbability), FlipProbability, "Flip probability must be in [0, 1].");
        if (MaxRotationDegrees is < 0 or > 180) throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "Maximum rotation must be 0..180 degrees.");
        if (MaxTranslationFraction is < 0 or > 0.5) throw new ArgumentOutOfRangeException(nameof(MaxTranslationFraction), MaxTranslationFraction, "Maximum translation must be 0..0.5 of the image size.");
    }
}
