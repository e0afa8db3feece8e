using ActorPipeline.Ml.IntrinsicDimension;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// Which layers' intrinsic dimension one measurement of a repetition takes, and on how many probe images. The dense
/// network's is taken once per problem, by the first repetition at its first iteration: every repetition starts from the
/// same dense network and probes the same images, so the others would only repeat it. Every measurement reads the same
/// images, the first <see cref="Points"/> of the probe set (itself a seeded random subset of the training split).
/// </summary>
public sealed record IntrinsicDimensionPlan(IntrinsicDimensionScope Scope, int Points)
{
    public const int FirstRepetition = 0;
    public const int FirstIteration = 1;

    public static IntrinsicDimensionPlan Off { get; } = new(IntrinsicDimensionScope.Off, 0);

    /// <summary>How TwoNN estimates: the paper's fraction, the default working memory.</summary>
    public TwoNnOptions Options { get; init; } = new();

    /// <summary>What repetition <paramref name="repetition"/> measures at IMP iteration <paramref name="iteration"/>.</summary>
    public IntrinsicDimensionTargets For(int repetition, int iteration) => new(
        Dense: Scope != IntrinsicDimensionScope.Off && repetition == FirstRepetition && iteration == FirstIteration,
        Pruned: Scope == IntrinsicDimensionScope.All);
}

/// <summary>Whether a measurement takes the dense network's and the pruned network's intrinsic dimension.</summary>
public readonly record struct IntrinsicDimensionTargets(bool Dense, bool Pruned)
{
    public bool Any => Dense || Pruned;
}
