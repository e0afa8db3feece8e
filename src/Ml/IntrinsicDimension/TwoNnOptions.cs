namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>How <see cref="TwoNn"/> estimates: the share of ratios fitted and the working memory of the neighbour search.</summary>
public sealed record TwoNnOptions
{
    /// <summary>Ansuini et al. (2019) fit the smallest 90 % of the ratios, discarding the largest 10 % (the noisiest tail).</summary>
    public const double PaperFraction = 0.9;

    /// <summary>Fraction of the sorted ratios r2/r1 fitted, the smallest first; in (0, 1].</summary>
    public double Fraction { get; init; } = PaperFraction;

    /// <summary>
    /// About how many bytes the neighbour search may use beyond the points themselves (float64 blocks of points, a
    /// block of squared distances, the candidates' exact recomputation); more gives larger, faster matrix products and
    /// fewer float64 conversions (each block of rows reads all points once). 128 MiB: blocks of 664 rows of 8,192
    /// features, 338 of 16,384, 2,838 of 1,024.
    /// </summary>
    public long BlockBytes { get; init; } = 128L << 20;

    public void Validate()
    {
        if (Fraction is not (> 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(Fraction), Fraction, "The fraction of ratios fitted must lie in (0, 1] (the paper: 0.9).");
        if (BlockBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(BlockBytes), BlockBytes, "The neighbour search's working memory must be positive.");
    }
}
