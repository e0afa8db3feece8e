namespace ActorPipeline.Ml.Similarity;

/// <summary>The representation similarity measures the engine computes from one joint covariance.</summary>
public enum SimilarityMetric
{
    /// <summary>CCA between the leading principal subspaces of each layer (Raghu et al. 2017).</summary>
    Svcca,
    /// <summary>Plain CCA on all (varying, numerically independent) neurons; mean of the canonical correlations.</summary>
    Cca,
    /// <summary>Projection-weighted CCA (Morcos et al. 2018).</summary>
    Pwcca,
    /// <summary>Linear centred kernel alignment (Kornblith et al. 2019).</summary>
    Cka,
    /// <summary>Normalized Bures similarity of the linear kernels (Tang et al. 2020).</summary>
    Nbs,
}
