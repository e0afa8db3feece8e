namespace ActorPipeline.Ml.Models;

/// <summary>
/// Choices about the network that the paper leaves open (the layers themselves come from the
/// <see cref="ArchitectureSpec"/>). The defaults are the paper's dropout and the VGG reading of Table 2.
/// </summary>
public sealed record NetworkOptions
{
    /// <summary>Probability of dropping a unit in the fc layers marked § (the paper's 0.5); must lie in [0, 1).</summary>
    public double DropoutRate { get; init; } = 0.5;

    /// <summary>What fc1 receives from the last conv block.</summary>
    public FcInput FcInput { get; init; } = FcInput.Flatten;

    public void Validate()
    {
        // The negated test also rejects NaN.
        if (!(DropoutRate is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(DropoutRate), DropoutRate, $"Dropout rate {DropoutRate} must lie in [0, 1).");
        if (!Enum.IsDefined(FcInput))
            throw new ArgumentOutOfRangeException(nameof(FcInput), FcInput, $"Fc input {FcInput} is not one of {string.Join(", ", Enum.GetNames<FcInput>())}.");
    }
}
