namespace ActorPipeline.Ml.Data;

/// <summary>How <see cref="ProblemSplit"/> divides a problem's images.</summary>
public sealed record ProblemSplitOptions
{
    /// <summary>Hold out a validation split (for early stopping). Null: the problem's default (Cifar8, Cifar10).</summary>
    public bool? UseValidation { get; init; }

    /// <summary>Fraction of each class's training images held out for validation (the paper: 10%), rounded per class.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>
    /// Size of the probe set (non-augmented training images the similarity is measured on; the paper: 5,000).
    /// Drawn uniformly at random from the problem's training images BEFORE the validation split is removed
    /// (the paper's "training set"), so it may overlap validation. Clamped to the images available (smoke runs).
    /// </summary>
    public int ProbeSize { get; init; } = 5_000;

    /// <summary>Smoke runs: keep a stratified random subset of this many training images (before validation/probe). Null: all.</summary>
    public int? TrainCap { get; init; }

    /// <summary>Smoke runs: keep a stratified random subset of this many test images. Null: all.</summary>
    public int? TestCap { get; init; }

    public static ProblemSplitOptions Default { get; } = new();

    internal void Validate()
    {
        if (ValidationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in (0, 1).");
        if (ProbeSize < 0) throw new ArgumentOutOfRangeException(nameof(ProbeSize), ProbeSize, "The probe size cannot be negative.");
        if (TrainCap is <= 0) throw new ArgumentOutOfRangeException(nameof(TrainCap), TrainCap, "A train cap must be positive (null for no cap).");
        if (TestCap is <= 0) throw new ArgumentOutOfRangeException(nameof(TestCap), TestCap, "A test cap must be positive (null for no cap).");
    }
}
