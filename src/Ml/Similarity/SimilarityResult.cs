namespace ActorPipeline.Ml.Similarity;

/// <summary>What <see cref="SimilarityEngine.Compute"/> found; a metric not asked for is null.</summary>
public sealed record SimilarityResult
{
    public long Count { get; init; }

    /// <summary>Mean of all SVCCA canonical correlations.</summary>
    public double? Svcca { get; init; }

    /// <summary>google/svcca's "mean" of the SVCCA correlations (leading ones up to the cumulative-sum threshold).</summary>
    public double? SvccaGoogleMean { get; init; }

    public int? SvccaKeptA { get; init; }
    public int? SvccaKeptB { get; init; }
    public double[]? SvccaCorrelations { get; init; }

    /// <summary>Mean of all plain CCA canonical correlations.</summary>
    public double? Cca { get; init; }
    public double[]? CcaCorrelations { get; init; }

    public double? Pwcca { get; init; }
    public double? Cka { get; init; }
    public double? Nbs { get; init; }

    /// <summary>Neurons dropped because their variance is (numerically) zero: dead ReLUs, pruned channels.</summary>
    public int ConstantNeuronsA { get; init; }
    public int ConstantNeuronsB { get; init; }

    /// <summary>Numerical rank of each layer's covariance after dropping constant neurons.</summary>
    public int RankA { get; init; }
    public int RankB { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Values that were asked for but have no value on these data (<see cref="SimilarityMetrics.ResultNames"/> → why):
    /// a degenerate layer, e.g. one with no varying neuron. A result, not an error; such a value is null above.
    /// </summary>
    public IReadOnlyDictionary<string, string> Undefined { get; init; } = new Dictionary<string, string>();

    /// <summary>The computed scalars by name (<see cref="SimilarityMetrics.ResultNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Values()
    {
        var values = new Dictionary<string, double>();
        if (Svcca is { } svcca) values[SimilarityMetrics.Name(SimilarityMetric.Svcca)] = svcca;
        if (SvccaGoogleMean is { } google) values[SimilarityMetrics.SvccaGoogleMean] = google;
        if (Cca is { } cca) values[SimilarityMetrics.Name(SimilarityMetric.Cca)] = cca;
        if (Pwcca is { } pwcca) values[SimilarityMetrics.Name(SimilarityMetric.Pwcca)] = pwcca;
        if (Cka is { } cka) values[SimilarityMetrics.Name(SimilarityMetric.Cka)] = cka;
        if (Nbs is { } nbs) values[SimilarityMetrics.Name(SimilarityMetric.Nbs)] = nbs;
        return values;
    }
}
