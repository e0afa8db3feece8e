namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// A TwoNN estimate and what it rests on. <see cref="Dimension"/> is null when no ratio was left to fit (then
/// <see cref="Undefined"/> says why: a result, like a collapsed layer's similarity, not an error).
/// </summary>
public sealed record TwoNnResult
{
    /// <summary>The estimated intrinsic dimension: the slope of −log(1 − F(μ)) against log μ through the origin.</summary>
    public double? Dimension { get; init; }

    /// <summary>Why <see cref="Dimension"/> is null; null when it is defined.</summary>
    public string? Undefined { get; init; }

    /// <summary>Points given (n).</summary>
    public int Points { get; init; }

    /// <summary>Features per point (d, the ambient dimension).</summary>
    public long Features { get; init; }

    /// <summary>Points left out because another point lies at the same place (r1 = 0: their ratio is undefined).</summary>
    public int DuplicatePoints { get; init; }

    /// <summary>Points left out because their two nearest neighbours are equally far (r1 = r2 &gt; 0, μ = 1), e.g. a duplicated neighbour.</summary>
    public int TiedPoints { get; init; }

    /// <summary>Points with a ratio μ = r2/r1 &gt; 1: the N of the empirical distribution F(μ_i) = i/N.</summary>
    public int Ratios { get; init; }

    /// <summary>The smallest ratios fitted: ⌊N · fraction⌋, never the largest (where 1 − F = 0).</summary>
    public int FittedRatios { get; init; }

    /// <summary>The fraction of ratios fitted that was asked for.</summary>
    public double Fraction { get; init; }
}
