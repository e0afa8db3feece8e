using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>
/// One layer's measurement with the intrinsic dimension: the similarity stays what <see cref="LayerMeasurement"/> gives,
/// and each network's intrinsic dimension is the float64 reference's on the first n probe images, across batch boundaries.
/// </summary>
public sealed class LayerProbeTests
{
    private static readonly SimilarityOptions Options = new() { Metrics = SimilarityMetrics.Parse("svcca,cka") };

    [Fact]
    public void The_intrinsic_dimension_is_the_references_on_the_first_points_and_the_similarity_is_unchanged() => FreshSeeds.Run(2, seed =>
    {
        using var scope = NewDisposeScope();
        // a conv layer (n, c, h, w) in both networks, probed in batches of 40; 70 points end inside the second batch
        var dense = TwoNnTests.Activations(seed, 200, 4, 3, 4);
        var pruned = TwoNnTests.Activations(seed + 1000, 200, 6, 3, 4);
        using var probe = new LayerProbe(new ProbeLayer("conv1", 0), new IntrinsicDimensionTargets(Dense: true, Pruned: true), points: 70);
        using var similarity = new LayerMeasurement("conv1");
        for (long start = 0; start < 200; start += 40)
        {
            probe.Add(dense.narrow(0, start, 40), pruned.narrow(0, start, 40));
            similarity.Add(dense.narrow(0, start, 40), pruned.narrow(0, start, 40));
        }

        var result = probe.Finish(Options);

        Assert.Equal(similarity.Finish(Options).Values(), result.Values);
        foreach (var (measured, layer) in new[] { (result.DenseIntrinsicDimension, dense), (result.IntrinsicDimension, pruned) })
        {
            var reference = ReferenceTwoNn.Estimate(KnownDimensionData.Rows(layer.narrow(0, 0, 70).reshape(70, -1)));
            Assert.NotNull(measured);
            Assert.Equal((70, 48L), (measured.Points, measured.Features));
            Assert.Equal(reference.Duplicates, measured.DuplicatePoints);
            Assert.True(Math.Abs(measured.Dimension!.Value - reference.Dimension!.Value) <= 1e-6 * reference.Dimension.Value,
                $"seed {seed}: {measured.Dimension} vs the reference's {reference.Dimension}");
        }
        Assert.True(probe.IntrinsicDimensionSeconds > 0);
    });

    [Fact]
    public void Without_targets_nothing_is_gathered_and_only_the_pruned_one_when_asked()
    {
        using var scope = NewDisposeScope();
        var dense = TwoNnTests.Activations(1, 30, 3, 2, 3);
        var pruned = TwoNnTests.Activations(2, 30, 3, 2, 3);
        using var none = new LayerProbe(new ProbeLayer("conv1", 0));
        none.Add(dense, pruned);
        var plain = none.Finish(Options);
        Assert.Null(plain.IntrinsicDimension);
        Assert.Null(plain.DenseIntrinsicDimension);
        Assert.Equal(0, none.IntrinsicDimensionSeconds);

        using var prunedOnly = new LayerProbe(new ProbeLayer("conv1", 0), new IntrinsicDimensionTargets(Dense: false, Pruned: true), points: 30);
        prunedOnly.Add(dense, pruned);
        var measured = prunedOnly.Finish(Options);
        Assert.Null(measured.DenseIntrinsicDimension);
        Assert.Equal(30, measured.IntrinsicDimension!.Points);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerProbe(new ProbeLayer("conv1", 0), new IntrinsicDimensionTargets(true, false), points: 2));
    }

    [Fact]
    public void A_layer_of_identical_points_is_undefined_with_its_reason_not_an_error()
    {
        using var scope = NewDisposeScope();
        // a collapsed layer: every probe image gives the same activation
        var constant = ones(20, 8);
        using var probe = new LayerProbe(new ProbeLayer("fc1", 3), new IntrinsicDimensionTargets(Dense: false, Pruned: true), points: 20);
        probe.Add(TwoNnTests.Activations(3, 20, 3, 8, 1).reshape(20, 8), constant);
        var id = probe.Finish(Options).IntrinsicDimension!;
        Assert.Null(id.Dimension);
        Assert.False(string.IsNullOrEmpty(id.Undefined));
        Assert.Equal(20, id.DuplicatePoints);
    }
}
