using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// Runs the probe set through two networks of the same architecture (the dense one and a pruned one) in
/// evaluation mode, one batch at a time, and hands over every probe point's activation of both. The tensors
/// stay on the networks' device; the receiver owns them and must dispose them. Batches are independent, so a
/// caller may compute them one by one from different threads (an actor pipelining batch k+1 after batch k).
/// </summary>
public static class ActivationProbe
{
    public sealed record LayerPair(string Layer, Tensor Dense, Tensor Pruned) : IDisposable
    {
        public void Dispose()
        {
            Dense.Dispose();
            Pruned.Dispose();
        }
    }

    public static int BatchCount(DeviceDataset probe, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The probe batch size must be positive.");
        return (probe.Count + batchSize - 1) / batchSize;
    }

    /// <summary>Batch <paramref name="index"/>'s activations of both networks, in the dense network's probe order; the caller owns them.</summary>
    public static IReadOnlyList<LayerPair> Batch(PaperCnn dense, PaperCnn pruned, DeviceDataset probe, int batchSize, int index)
    {
        if (!dense.Spec.Equals(pruned.Spec))
            throw new ArgumentException($"The networks differ: {dense.Spec} vs {pruned.Spec}.", nameof(pruned));
        int batches = BatchCount(probe, batchSize);
        if (index < 0 || index >= batches) throw new ArgumentOutOfRangeException(nameof(index), index, $"The probe set has {batches} batches of {batchSize}.");
        dense.eval();
        pruned.eval();
        // Gradient mode is per thread: set it here, on whichever thread computes this batch.
        using var noGrad = no_grad();
        var pairs = new List<LayerPair>();
        try
        {
            using var scope = NewDisposeScope();
            long start = (long)index * batchSize, length = Math.Min(batchSize, probe.Count - start);
            var images = probe.NormalizedImages(arange(start, start + length, dtype: ScalarType.Int64, device: probe.Device));
            var denseActivations = Collect(dense, images);
            var prunedActivations = Collect(pruned, images);
            foreach (var (layer, activation) in denseActivations)
                pairs.Add(new LayerPair(layer, activation, prunedActivations[layer]));
            return pairs;
        }
        catch
        {
            foreach (var pair in pairs) pair.Dispose();
            throw;
        }
    }

    /// <summary>Each probe point's activation, owned by the caller (taken out of the forward pass's dispose scope, sharing its storage).</summary>
    private static Dictionary<string, Tensor> Collect(PaperCnn model, Tensor images)
    {
        var activations = new Dictionary<string, Tensor>();
        model.Forward(images, (layer, activation) => activations[layer] = activation.detach().DetachFromDisposeScope()).Dispose();
        return activations;
    }
}
