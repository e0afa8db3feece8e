namespace ActorPipeline.Host.Reports;

/// <summary>How the similarity columns of similarity.csv are named in the figures and the report.</summary>
public static class MetricNames
{
    /// <summary>A short name for axes and selector buttons.</summary>
    public static string Short(string metric) => metric switch
    {
        "svcca" => "SVCCA",
        "svcca_google_mean" => "SVCCA (Google mean)",
        "cca" => "mean CCA",
        "pwcca" => "PWCCA",
        "cka" => "linear CKA",
        "nbs" => "NBS",
        IntrinsicDimensionMedians.Metric => "intrinsic dimension (TwoNN)",
        IntrinsicDimensionMedians.ChangeMetric => "Δ intrinsic dimension",
        _ => metric,
    };

    /// <summary>The statistic a figure shows, spelled out, for figure titles: a reader must not have to guess which mean it is.</summary>
    public static string Statistic(string metric) => metric switch
    {
        "svcca" => "SVCCA: mean of all canonical correlations",
        "svcca_google_mean" => "SVCCA, Google's mean: mean of the leading canonical correlations that sum to 98%",
        "cca" => "CCA without SVD: mean of all canonical correlations",
        "pwcca" => "PWCCA: projection-weighted mean of the canonical correlations",
        "cka" => "Linear CKA",
        "nbs" => "Normalized Bures similarity",
        IntrinsicDimensionMedians.Metric => "TwoNN intrinsic dimension (0: dense)",
        IntrinsicDimensionMedians.ChangeMetric => "Intrinsic dimension change by pruning (pruned − dense)",
        _ => metric,
    } + " (median over repetitions)";
}
