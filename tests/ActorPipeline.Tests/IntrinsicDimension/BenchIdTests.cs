using ActorPipeline.Host.Commands;
using ActorPipeline.Ml.IntrinsicDimension;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>`bench id`'s sizes and its two contestants (the timing itself is the bench's, not a test's).</summary>
public sealed class BenchIdTests
{
    [Fact]
    public void Both_contestants_estimate_the_same_dimension_of_the_same_layer()
    {
        using var layer = TwoNnBenchmark.Layer(300, 200, seed: 4, CPU);

        var blocked = TwoNnBenchmark.Blocked(layer, new TwoNnOptions { BlockBytes = 50 * GramNeighbours.BytesPerRow(200) });
        var plain = TwoNnBenchmark.Plain(layer, TwoNnOptions.PaperFraction);

        Assert.Equal(plain.Dimension!.Value, blocked.Dimension!.Value, 1e-9 * plain.Dimension.Value);
        Assert.InRange(blocked.Dimension.Value, 4, TwoNnBenchmark.LatentDimension * 1.5);
        Assert.Equal(ScalarType.Float32, layer.dtype);
    }

    [Fact]
    public void Sizes_are_n_by_d_and_bad_ones_are_refused_naming_them()
    {
        Assert.Equal([(1000L, 1024L), (5000L, 16384L)], BenchIdCommand.ParseSizes("1000x1024, 5000×16384"));
        Assert.Contains("'5000' is not n×d", Assert.Throws<ArgumentException>(() => BenchIdCommand.ParseSizes("5000")).Message);
        Assert.Contains("2×10 must have at least 3 points", Assert.Throws<ArgumentException>(() => BenchIdCommand.ParseSizes("2x10")).Message);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => BenchIdCommand.ParseSizes(" , ")).Message);
    }
}
