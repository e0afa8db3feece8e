namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// The result for a pair of layers of which at least one has no varying neuron (every neuron constant over the
/// datapoints, e.g. a layer whose every incoming weight was pruned). Every metric is undefined then, for the reasons
/// DEFINITIONS.md gives per metric: CCA, SVCCA and PWCCA have no canonical direction in that layer, and linear CKA
/// and NBS are 0/0 (their numerators vanish with Σab, their denominators with the layer's own covariance).
/// </summary>
public static class DegenerateLayer
{
    /// <param name="constantA">Constant neurons of layer A; all of them (<see cref="JointCovariance.FeaturesA"/>) when it collapsed.</param>
    public static SimilarityResult Result(JointCovariance covariance, IReadOnlyList<SimilarityMetric> metrics, int constantA, int constantB, IReadOnlyList<string> warnings)
    {
        bool collapsedA = constantA == covariance.FeaturesA, collapsedB = constantB == covariance.FeaturesB;
        if (!collapsedA && !collapsedB) throw new ArgumentException("Neither layer is collapsed: the metrics are defined.");
        string reason = Reason(covariance, collapsedA, collapsedB);
        return new SimilarityResult
        {
            Count = covariance.Count,
            ConstantNeuronsA = constantA,
            ConstantNeuronsB = constantB,
            Warnings = warnings,
            Undefined = SimilarityMetrics.ResultNamesOf(metrics).ToDictionary(name => name, _ => reason),
        };
    }

    /// <summary>"layer B has no varying neuron: all 64 are constant over the 1600 datapoints" (both layers named when both are).</summary>
    public static string Reason(JointCovariance covariance, bool collapsedA, bool collapsedB)
    {
        var layers = new List<string>();
        if (collapsedA) layers.Add($"layer A has no varying neuron (all {covariance.FeaturesA} constant)");
        if (collapsedB) layers.Add($"layer B has no varying neuron (all {covariance.FeaturesB} constant)");
        return $"{string.Join(" and ", layers)} over the {covariance.Count} datapoints";
    }
}
