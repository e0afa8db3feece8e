using ActorPipeline.Ml.Similarity;

namespace ActorPipeline.Ml.Experiments;

/// <summary>A layer's metrics at one IMP iteration: plain numbers, the only thing about similarity that leaves the device.</summary>
public sealed record LayerSimilarity(string Layer, int LayerIndex, long Datapoints, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string> Warnings)
{
    public static LayerSimilarity From(ProbeLayer layer, SimilarityResult result) =>
        new(layer.Name, layer.Index, result.Count, result.Values(), result.Warnings);
}
