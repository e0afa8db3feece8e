using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// One layer's similarity measurement between the dense and a pruned network: probe batches streamed into a
/// joint covariance in order, then every metric computed from it. The similarity actors and the in-process
/// measurement of `imp` both use it, so the same batches give bit-identical numbers either way.
/// </summary>
public sealed class LayerMeasurement(string layer) : IDisposable
{
    private CovarianceAccumulator? _accumulator;

    public string Layer { get; } = layer;

    /// <summary>Datapoints accumulated so far.</summary>
    public long Count => _accumulator?.Count ?? 0;

    /// <summary>Adds one probe batch of the layer in both networks (read, not disposed).</summary>
    public long Add(Tensor dense, Tensor pruned)
    {
        _accumulator ??= new CovarianceAccumulator((int)dense.size(1), (int)pruned.size(1), dense.device);
        _accumulator.Add(dense, pruned);
        return _accumulator.Count;
    }

    /// <summary>Every metric of <paramref name="options"/> from the batches added so far.</summary>
    public SimilarityResult Finish(SimilarityOptions options)
    {
        if (_accumulator is null) throw new InvalidOperationException($"Layer {Layer} has no activations to compare.");
        return SimilarityEngine.Compute(_accumulator.ToCovariance(), options);
    }

    public void Dispose()
    {
        _accumulator?.Dispose();
        _accumulator = null;
    }
}
