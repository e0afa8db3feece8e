using ActorPipeline.Ml.IntrinsicDimension;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>Gathering a layer's probe batches for TwoNN: the same points, in order, as the whole tensor.</summary>
public sealed class ActivationPointsTests
{
    [Fact]
    public void Batches_of_a_conv_layer_gather_into_the_whole_layers_points_and_estimate()
    {
        FreshSeeds.Run(1, seed =>
        {
            using var scope = NewDisposeScope();
            var layer = TwoNnTests.Activations(seed, 250, 4, 3, 5);
            using var points = new ActivationPoints(250);

            foreach (long start in new long[] { 0, 100, 200 })
                points.Add(layer.narrow(0, start, Math.Min(100, 250 - start)));

            Assert.Equal((250L, 75L), (points.Count, points.Features));
            Assert.True(points.Points.eq(layer.reshape(250, 75)).all().item<bool>(), $"seed {seed}: gathered points differ from the layer's");
            Assert.Equal(TwoNn.Estimate(layer), points.Estimate());
        });
    }

    [Fact]
    public void Batches_that_do_not_fit_are_refused_naming_the_problem()
    {
        using var scope = NewDisposeScope();
        using var points = new ActivationPoints(10);
        points.Add(zeros(6, 2, 3, 3));

        Assert.Contains("has 9 features per input; the earlier batches had 18", Assert.Throws<ArgumentException>(() => points.Add(zeros(2, 1, 3, 3))).Message);
        Assert.Contains("A batch of 6 inputs after 6 exceeds the 10 inputs", Assert.Throws<ArgumentException>(() => points.Add(zeros(6, 18))).Message);
        Assert.Equal(6, points.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivationPoints(0));
        using var empty = new ActivationPoints(3);
        Assert.Throws<InvalidOperationException>(() => empty.Estimate());
    }
}
