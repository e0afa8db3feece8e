using System.Diagnostics;
using System.Runtime.InteropServices;
using ActorPipeline.Ml.Devices;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// `bench id`'s two contestants on the same seeded synthetic layer: <see cref="TwoNn.Estimate"/> (blocked Gram products on
/// the device) and the plain managed O(n² · d) search (<see cref="BruteForceNeighbours"/>, from a float64 copy of the
/// points), both through the same fit. Generating the layer is not timed.
/// </summary>
public static class TwoNnBenchmark
{
    /// <summary>The latent dimension of the synthetic layer: a ReLU image of it, so its intrinsic dimension is about this.</summary>
    public const int LatentDimension = 12;

    public sealed record Measurement(double Seconds, double? Dimension);

    /// <summary>(n, d) float32 activations: ReLU of a seeded Gaussian code of <see cref="LatentDimension"/> dimensions through a random linear map.</summary>
    public static Tensor Layer(long n, long d, long seed, Device device)
    {
        if (n < 3 || d < 1) throw new ArgumentException($"A layer of {n} × {d}: TwoNN needs at least 3 points of at least 1 feature.");
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, device);
        var code = randn([n, LatentDimension], generator: generator, device: device);
        var map = randn([LatentDimension, d], generator: generator, device: device).div_(Math.Sqrt(LatentDimension));
        return code.mm(map).add_(0.3).relu_().MoveToOuterDisposeScope();
    }

    public static Measurement Blocked(Tensor layer, TwoNnOptions options)
    {
        ComputeDevices.Synchronize(layer.device);
        var clock = Stopwatch.StartNew();
        var result = TwoNn.Estimate(layer, options);
        ComputeDevices.Synchronize(layer.device);
        return new Measurement(clock.Elapsed.TotalSeconds, result.Dimension);
    }

    public static Measurement Plain(Tensor layer, double fraction)
    {
        var clock = Stopwatch.StartNew();
        var values = Float64Copy(layer);
        var distances = BruteForceNeighbours.Find(values, (int)layer.shape[0], (int)layer.shape[1]);
        var result = TwoNnFit.Fit(distances, layer.shape[1], fraction);
        return new Measurement(clock.Elapsed.TotalSeconds, result.Dimension);
    }

    /// <summary>The points as one managed float64 array, read straight from the float32 tensor: no second copy on the way.</summary>
    private static double[] Float64Copy(Tensor layer)
    {
        using var cpu = layer.to(ScalarType.Float32).cpu().contiguous();
        ReadOnlySpan<float> source = MemoryMarshal.Cast<byte, float>(cpu.bytes);
        var values = new double[source.Length];
        for (int i = 0; i < source.Length; i++) values[i] = source[i];
        return values;
    }
}
