using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// Turns a layer's activations into datapoints × features. A fully connected layer (n, p) is already that;
/// a convolutional or pooling layer (n, c, h, w) counts every spatial position of every image as a datapoint
/// of its c channels: (n, c, h, w) → (n, h, w, c) → (n·h·w, c), as SVCCA does for conv layers.
/// </summary>
public static class ActivationLayout
{
    public static Tensor AsRows(Tensor activations, string layerName)
    {
        return activations.dim() switch
        {
            2 => activations,
            4 => activations.permute(0, 2, 3, 1).reshape(-1, activations.shape[1]),
            _ => throw new ArgumentException(
                $"Layer {layerName}: activations of shape ({string.Join(", ", activations.shape)}) are neither (n, features) nor (n, channels, height, width)."),
        };
    }

    /// <summary>The feature count of a layer with this shape: its width for (n, p), its channels for (n, c, h, w).</summary>
    public static long Features(IReadOnlyList<long> shape) => shape.Count is 2 or 4
        ? shape[1]
        : throw new ArgumentException($"Shape ({string.Join(", ", shape)}) is neither (n, features) nor (n, channels, height, width).");

    /// <summary>Datapoints contributed by one input: 1 for a fully connected layer, h·w for a conv layer.</summary>
    public static long DatapointsPerInput(IReadOnlyList<long> shape) => shape.Count == 4 ? shape[2] * shape[3] : 1;
}
