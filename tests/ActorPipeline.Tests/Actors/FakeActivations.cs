using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Similarity;
using TorchSharp;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// Tiny, deterministic activations of a probe batch (<see cref="Rows"/> inputs, a few units per layer): the dense
/// network's depend on the layer and batch only, the pruned one's also on the repetition and iteration, as in a
/// real sweep. <see cref="Measure"/> is the in-process measurement the similarity actors must reproduce.
/// </summary>
internal static class FakeActivations
{
    public const int Rows = 16;

    public static long Width(ProbeLayer layer) => 4 - layer.Index;

    public static LayerActivations Of(ProbeLayer layer, int repetition, int iteration, int batch)
    {
        using var scope = torch.NewDisposeScope();
        using var denseNoise = new torch.Generator(Seed(layer.Index, batch, 0, 0));
        using var prunedNoise = new torch.Generator(Seed(layer.Index, batch, repetition + 1, iteration));
        var dense = torch.randn([Rows, Width(layer)], dtype: torch.float32, generator: denseNoise);
        var pruned = dense.mul(0.8).add_(torch.randn([Rows, Width(layer)], dtype: torch.float32, generator: prunedNoise).mul_(0.5));
        return new LayerActivations(layer.Name, dense.MoveToOuterDisposeScope(), pruned.MoveToOuterDisposeScope());
    }

    /// <summary>The layer's metrics over batches 0..<paramref name="batches"/>-1 of one iteration, measured in this process.</summary>
    public static LayerSimilarity Measure(ProbeLayer layer, SimilarityOptions options, int repetition, int iteration, int batches = FakeCompute.ProbeBatches)
    {
        using var measurement = new LayerMeasurement(layer.Name);
        for (int batch = 0; batch < batches; batch++)
        {
            using var activations = Of(layer, repetition, iteration, batch);
            measurement.Add(activations.Dense, activations.Pruned);
        }
        return LayerSimilarity.From(layer, measurement.Finish(options));
    }

    private static ulong Seed(int layer, int batch, int repetition, int iteration) =>
        (ulong)(((layer * 1_000L + batch) * 1_000L + repetition) * 1_000L + iteration);
}
