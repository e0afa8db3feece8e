using ActorPipeline.Ml.Similarity;

namespace ActorPipeline.Ml.Experiments;

/// <summary>A layer's metrics at one IMP iteration: plain numbers, the only thing about similarity that leaves the device.</summary>
public sealed record LayerSimilarity(string Layer, int LayerIndex, long Datapoints, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string> Warnings)
{
    /// <summary>Values asked for that are undefined on this layer (name → reason), e.g. every metric of a collapsed layer.</summary>
    public IReadOnlyDictionary<string, string> Undefined { get; init; } = new Dictionary<string, string>();

    /// <summary>The pruned network's intrinsic dimension of this layer; null when not measured (see <see cref="IntrinsicDimensionPlan"/>).</summary>
    public LayerIntrinsicDimension? IntrinsicDimension { get; init; }

    /// <summary>The dense network's intrinsic dimension of this layer, measured with this iteration; null when not measured here.</summary>
    public LayerIntrinsicDimension? DenseIntrinsicDimension { get; init; }

    public static LayerSimilarity From(ProbeLayer layer, SimilarityResult result) =>
        new(layer.Name, layer.Index, result.Count, result.Values(), result.Warnings) { Undefined = result.Undefined };
}
