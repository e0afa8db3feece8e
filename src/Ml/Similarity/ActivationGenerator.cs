using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// Seeded synthetic activations of two related layers for bench-similarity: a shared Gaussian latent per
/// datapoint, mixed with a decaying spectrum into A and, with noise and a ReLU, into B. Batch i is the same
/// whatever else was generated before, so both contestants see the same data.
/// </summary>
internal sealed class ActivationGenerator : IDisposable
{
    private readonly SimilarityBenchmarkCase _case;
    private readonly long _seed;
    private readonly Device _device;
    private readonly Tensor _mixA;
    private readonly Tensor _mixB;

    public ActivationGenerator(SimilarityBenchmarkCase benchCase, long seed, Device device)
    {
        _case = benchCase;
        _seed = seed;
        _device = device;
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, device);
        int c = benchCase.Channels;
        var decay = arange(c, dtype: ScalarType.Float32, device: device).add(1).pow(-0.75).unsqueeze(1);
        _mixA = randn(new long[] { c, c }, generator: generator, device: device).mul(decay).div(Math.Sqrt(c)).DetachFromDisposeScope();
        _mixB = randn(new long[] { c, c }, generator: generator, device: device).mul(decay).div(Math.Sqrt(c)).DetachFromDisposeScope();
    }

    /// <summary>Batch <paramref name="index"/> of <paramref name="inputs"/> images, in the layout networks produce: (n, c) or contiguous (n, c, h, w).</summary>
    public (Tensor A, Tensor B) Batch(long index, long inputs)
    {
        using var generator = new Generator((ulong)(_seed * 1_000_003 + index + 1), _device);
        var latentShape = _case.IsConv ? new[] { inputs, _case.Size, _case.Size, (long)_case.Channels } : new[] { inputs, (long)_case.Channels };
        var latent = randn(latentShape, generator: generator, device: _device);
        var a = latent.matmul(_mixA);
        var b = latent.matmul(_mixB).add_(randn(latentShape, generator: generator, device: _device).mul_(0.5)).relu_();
        return _case.IsConv ? (a.permute(0, 3, 1, 2).contiguous(), b.permute(0, 3, 1, 2).contiguous()) : (a, b);
    }

    public void Dispose()
    {
        _mixA.Dispose();
        _mixB.Dispose();
    }
}
