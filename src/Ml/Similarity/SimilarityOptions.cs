namespace ActorPipeline.Ml.Similarity;

/// <summary>What <see cref="SimilarityEngine.Compute"/> computes and with which thresholds.</summary>
public sealed record SimilarityOptions
{
    public IReadOnlyList<SimilarityMetric> Metrics { get; init; } = SimilarityMetrics.All;

    /// <summary>SVCCA: fraction of the spectrum kept per layer, in (0, 1]; see <see cref="Rule"/>.</summary>
    public double VarianceFraction { get; init; } = 0.99;

    public SvccaReduction Rule { get; init; } = SvccaReduction.EigenvalueFraction;

    /// <summary>SVCCA with <see cref="SvccaReduction.FixedDimensions"/>: directions kept per layer (capped at the layer's rank).</summary>
    public int SvccaDimensions { get; init; } = 20;

    /// <summary>google/svcca's "mean": mean of the leading correlations whose cumulative sum first reaches this fraction of their total.</summary>
    public double GoogleMeanThreshold { get; init; } = 0.98;

    /// <summary>A neuron whose variance is at most this fraction of its layer's largest variance counts as constant and is dropped.</summary>
    public double ConstantNeuronTolerance { get; init; } = 1e-12;

    /// <summary>
    /// Eigenvalues of a layer's covariance at most this fraction of the largest are treated as zero: their
    /// directions (duplicated or linearly dependent neurons) are outside the layer's numerical range.
    /// </summary>
    public double RankTolerance { get; init; } = 1e-10;

    /// <summary>Throw instead of warning when there are not more datapoints than features of both layers together.</summary>
    public bool RequireMoreDatapointsThanFeatures { get; init; }

    public void Validate()
    {
        if (Metrics.Count == 0) throw new ArgumentException("No similarity metric asked for.");
        if (!(VarianceFraction > 0 && VarianceFraction <= 1)) throw new ArgumentException($"The SVCCA variance fraction must be in (0, 1], not {VarianceFraction}.");
        if (!(GoogleMeanThreshold >= 0 && GoogleMeanThreshold <= 1)) throw new ArgumentException($"The google mean threshold must be in [0, 1], not {GoogleMeanThreshold}.");
        if (SvccaDimensions < 1) throw new ArgumentException($"SVCCA needs at least one dimension per layer, not {SvccaDimensions}.");
        if (!(ConstantNeuronTolerance >= 0 && ConstantNeuronTolerance < 1)) throw new ArgumentException($"The constant-neuron tolerance must be in [0, 1), not {ConstantNeuronTolerance}.");
        if (!(RankTolerance >= 0 && RankTolerance < 1)) throw new ArgumentException($"The rank tolerance must be in [0, 1), not {RankTolerance}.");
    }
}
