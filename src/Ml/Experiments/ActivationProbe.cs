using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// Runs the probe set through two networks of the same architecture (the dense one and a pruned one) in
/// evaluation mode and hands over, batch by batch, every probe point's activation of both. The tensors stay
/// on the networks' device; the receiver owns them and must dispose them.
/// </summary>
public static class ActivationProbe
{
    public sealed record LayerPair(string Layer, Tensor Dense, Tensor Pruned);

    public static void Run(PaperCnn dense, PaperCnn pruned, DeviceDataset probe, int batchSize,
        Action<int, int, IReadOnlyList<LayerPair>> onBatch, CancellationToken cancellation = default)
    {
        if (!dense.Spec.Equals(pruned.Spec))
            throw new ArgumentException($"The networks differ: {dense.Spec} vs {pruned.Spec}.", nameof(pruned));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The probe batch size must be positive.");
        dense.eval();
        pruned.eval();
        int batches = (probe.Count + batchSize - 1) / batchSize;
        using var noGrad = no_grad();
        for (int batch = 0; batch < batches; batch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var pairs = new List<LayerPair>();
            try
            {
                using (var scope = NewDisposeScope())
                {
                    long start = (long)batch * batchSize, length = Math.Min(batchSize, probe.Count - start);
                    var images = probe.NormalizedImages(arange(start, start + length, dtype: ScalarType.Int64, device: probe.Device));
                    var denseActivations = Collect(dense, images);
                    var prunedActivations = Collect(pruned, images);
                    foreach (var (layer, activation) in denseActivations)
                        pairs.Add(new LayerPair(layer, activation, prunedActivations[layer]));
                }
            }
            catch
            {
                foreach (var pair in pairs)
                {
                    pair.Dense.Dispose();
                    pair.Pruned.Dispose();
                }
                throw;
            }
            onBatch(batch, batches, pairs); // from here on the receiver owns the tensors, even if it throws
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
