namespace ActorPipeline.Ml.Similarity;

/// <summary>How SVCCA decides how many leading principal directions of each layer to keep.</summary>
public enum SvccaReduction
{
    /// <summary>
    /// The paper's rule: the fewest leading directions whose eigenvalues (variances, i.e. squared singular
    /// values of the centred data) sum to at least <see cref="SimilarityOptions.VarianceFraction"/> of the total.
    /// </summary>
    EigenvalueFraction,
    /// <summary>The fewest leading directions whose singular values (not squared) sum to at least the fraction of their total.</summary>
    SingularValueFraction,
    /// <summary>
    /// anatome's rule: the number of leading directions whose cumulative singular-value fraction is still
    /// strictly below the fraction (one fewer than <see cref="SingularValueFraction"/> in general), at least 1.
    /// </summary>
    AnatomeSingularValueFraction,
    /// <summary>A fixed number of leading directions, <see cref="SimilarityOptions.SvccaDimensions"/> (google/svcca's tutorial keeps 20 or 50).</summary>
    FixedDimensions,
}
