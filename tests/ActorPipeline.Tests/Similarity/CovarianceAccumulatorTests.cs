using ActorPipeline.Ml.Similarity;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Similarity;

public sealed class CovarianceAccumulatorTests
{
    private static (Tensor A, Tensor B) Activations(long seed, long n, long p, long q)
    {
        using var generator = new Generator((ulong)seed);
        var a = randn(new[] { n, p }, dtype: ScalarType.Float32, generator: generator).mul(2).add(5); // far-from-zero mean tests the centring
        var b = a.narrow(1, 0, Math.Min(p, q)).repeat(1, (q + p - 1) / p + 1).narrow(1, 0, q).relu().add(randn(new[] { n, q }, generator: generator).mul(0.3));
        return (a, b);
    }

    [Fact]
    public void One_batch_many_uneven_batches_and_merged_accumulators_give_the_same_covariance()
    {
        using var scope = NewDisposeScope();
        var (a, b) = Activations(1, 1000, 7, 5);
        using var whole = new CovarianceAccumulator(7, 5, CPU);
        whole.Add(a, b);

        using var pieces = new CovarianceAccumulator(7, 5, CPU);
        var random = new Random(3);
        for (long start = 0; start < 1000;)
        {
            long length = Math.Min(1000 - start, 1 + random.Next(97));
            pieces.Add(a.narrow(0, start, length), b.narrow(0, start, length));
            start += length;
        }

        // two workers on interleaved halves, merged; order of datapoints does not matter
        var order = randperm(1000, generator: new Generator(4));
        using var left = new CovarianceAccumulator(7, 5, CPU);
        using var right = new CovarianceAccumulator(7, 5, CPU);
        left.Add(a.index_select(0, order.narrow(0, 0, 333)), b.index_select(0, order.narrow(0, 0, 333)));
        right.Add(a.index_select(0, order.narrow(0, 333, 667)), b.index_select(0, order.narrow(0, 333, 667)));
        left.Merge(right);
        using var empty = new CovarianceAccumulator(7, 5, CPU);
        left.Merge(empty);
        empty.Merge(left);

        var expected = whole.ToCovariance();
        Assert.Equal(1000, expected.Count);
        foreach (var actual in new[] { pieces.ToCovariance(), left.ToCovariance(), empty.ToCovariance() })
        {
            Assert.Equal(1000, actual.Count);
            AssertRelativelyEqual(expected, actual, 1e-9);
        }
        Assert.Equal(667, right.Count); // a merged accumulator is left as it was
    }

    [Fact]
    public void Covariance_equals_the_textbook_two_pass_formula()
    {
        using var scope = NewDisposeScope();
        var (a, b) = Activations(2, 300, 4, 3);
        using var accumulator = new CovarianceAccumulator(4, 3, CPU);
        accumulator.Add(a, b);
        var covariance = accumulator.ToCovariance();

        var z = cat([a, b], 1).to(ScalarType.Float64);
        var data = z.data<double>().ToArray();
        for (int i = 0; i < 7; i++)
        for (int j = 0; j < 7; j++)
        {
            double mi = Enumerable.Range(0, 300).Average(r => data[r * 7 + i]), mj = Enumerable.Range(0, 300).Average(r => data[r * 7 + j]);
            double expected = Enumerable.Range(0, 300).Sum(r => (data[r * 7 + i] - mi) * (data[r * 7 + j] - mj)) / 299;
            double actual = i < 4 && j < 4 ? covariance.CovAA[i, j] : i >= 4 && j >= 4 ? covariance.CovBB[i - 4, j - 4] : i < 4 ? covariance.CovAB[i, j - 4] : covariance.CovAB[j, i - 4];
            Assert.Equal(expected, actual, 1e-10);
            if (i == j) Assert.Equal(mi, i < 4 ? covariance.MeanA[i] : covariance.MeanB[i - 4], 1e-12);
        }
    }

    [Fact]
    public void Conv_activations_count_every_position_of_every_image_as_a_datapoint_of_the_channels()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var conv = randn(new long[] { 6, 3, 4, 5 }, dtype: ScalarType.Float64, generator: generator);
        var fcLike = randn(new long[] { 6, 2, 4, 5 }, dtype: ScalarType.Float64, generator: generator);

        // the same datapoints written out by hand: row (image, y, x) holds the channel values at that position
        static Tensor ByHand(Tensor t)
        {
            var values = t.data<double>().ToArray();
            long n = t.shape[0], c = t.shape[1], h = t.shape[2], w = t.shape[3];
            var rows = new double[n * h * w * c];
            for (long i = 0; i < n; i++)
            for (long y = 0; y < h; y++)
            for (long x = 0; x < w; x++)
            for (long k = 0; k < c; k++)
                rows[((i * h + y) * w + x) * c + k] = values[((i * c + k) * h + y) * w + x];
            return tensor(rows, new[] { n * h * w, c }, ScalarType.Float64);
        }

        using var fromConv = new CovarianceAccumulator(3, 2, CPU);
        fromConv.Add(conv, fcLike);
        using var fromRows = new CovarianceAccumulator(3, 2, CPU);
        fromRows.Add(ByHand(conv), ByHand(fcLike));

        Assert.Equal(6 * 4 * 5, fromConv.Count);
        AssertRelativelyEqual(fromRows.ToCovariance(), fromConv.ToCovariance(), 1e-12);
    }

    [Fact]
    public void Conv_and_fully_connected_layers_with_different_datapoint_counts_are_rejected()
    {
        using var scope = NewDisposeScope();
        using var accumulator = new CovarianceAccumulator(3, 2, CPU);
        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(zeros(4, 3, 2, 2), zeros(4, 2)));
        Assert.Contains("layer A gives 16 datapoints", error.Message);
        Assert.Contains("Layer A: activations of shape (4, 5) have 5 features, but the accumulator was made for 3",
            Assert.Throws<ArgumentException>(() => accumulator.Add(zeros(4, 5), zeros(4, 2))).Message);
        Assert.Contains("layer A has 4 inputs but layer B has 3", Assert.Throws<ArgumentException>(() => accumulator.Add(zeros(4, 3), zeros(3, 2))).Message);
        Assert.Contains("neither (n, features) nor", Assert.Throws<ArgumentException>(() => accumulator.Add(zeros(4, 3, 2), zeros(4, 2))).Message);
        Assert.Equal(0, accumulator.Count);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_activations_are_an_error_naming_the_layer_and_batch(double bad)
    {
        using var scope = NewDisposeScope();
        using var accumulator = new CovarianceAccumulator(3, 2, CPU);
        accumulator.Add(ones(5, 3), ones(5, 2));
        var b = ones(5, 2);
        b[2, 1] = tensor(bad, ScalarType.Float32);
        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(ones(5, 3), b));
        Assert.Contains("Layer B, batch 1: 1 activation value(s) are NaN or infinite", error.Message);
        Assert.Equal(5, accumulator.Count); // the bad batch was not added
    }

    [Fact]
    public void Huge_but_finite_float64_values_whose_sum_overflows_are_accepted()
    {
        using var scope = NewDisposeScope();
        using var accumulator = new CovarianceAccumulator(1, 1, CPU);
        accumulator.Add(tensor(new[] { 1e308, 1.5e308, -1e308 }, new long[] { 3, 1 }), tensor(new[] { 1.0, 2.0, 3.0 }, new long[] { 3, 1 }));
        Assert.Equal(3, accumulator.Count);
    }

    [Fact]
    public void Too_few_datapoints_for_a_covariance_is_an_error()
    {
        using var scope = NewDisposeScope();
        using var accumulator = new CovarianceAccumulator(3, 2, CPU);
        accumulator.Add(ones(1, 3), ones(1, 2));
        Assert.Contains("at least 2 datapoints", Assert.Throws<InvalidOperationException>(accumulator.ToCovariance).Message);
    }

    [Fact]
    public void Adding_batches_leaks_no_tensor_and_keeps_the_inputs()
    {
        using var scope = NewDisposeScope();
        var (a, b) = Activations(6, 200, 4, 4);
        using var accumulator = new CovarianceAccumulator(4, 4, CPU);
        accumulator.Add(a, b); // warm-up: first-call allocations of the runtime
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++) accumulator.Add(a, b);
        accumulator.ToCovariance();
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.False(a.IsInvalid);
        Assert.Equal(1200, accumulator.Count);
    }

    [Fact]
    public void Float64_inputs_on_the_accumulator_device_are_not_modified()
    {
        using var scope = NewDisposeScope();
        var (a, b) = Activations(7, 50, 3, 2);
        var a64 = a.to(ScalarType.Float64);
        var b64 = b.to(ScalarType.Float64);
        var copyA = a64.clone();
        var copyB = b64.clone();
        using var accumulator = new CovarianceAccumulator(3, 2, CPU);
        accumulator.Add(a64, b64);
        Assert.True(a64.eq(copyA).all().item<bool>());
        Assert.True(b64.eq(copyB).all().item<bool>());
    }

    internal static void AssertRelativelyEqual(JointCovariance expected, JointCovariance actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.FeaturesA, actual.FeaturesA);
        Assert.Equal(expected.FeaturesB, actual.FeaturesB);
        AssertArray(expected.MeanA.Concat(expected.MeanB).ToArray(), actual.MeanA.Concat(actual.MeanB).ToArray(), tolerance, "means");
        AssertArray(expected.CovAA.Cast<double>().ToArray(), actual.CovAA.Cast<double>().ToArray(), tolerance, "CovAA");
        AssertArray(expected.CovBB.Cast<double>().ToArray(), actual.CovBB.Cast<double>().ToArray(), tolerance, "CovBB");
        AssertArray(expected.CovAB.Cast<double>().ToArray(), actual.CovAB.Cast<double>().ToArray(), tolerance, "CovAB");
    }

    private static void AssertArray(double[] expected, double[] actual, double tolerance, string name)
    {
        double scale = expected.Max(Math.Abs);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance * scale, $"{name}: largest difference {worst:E3} is more than {tolerance:E0} of the largest entry {scale:E3}");
    }
}
