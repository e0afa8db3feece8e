using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Data;

/// <summary>
/// A set of images resident on the training device as one uint8 tensor (N×3×32×32) with int64
/// labels. Batches are gathered and normalized on the device; nothing is copied per image.
/// </summary>
public sealed class DeviceDataset : IDisposable
{
    // Per-channel statistics of the CIFAR-10 training set (0..1 scale), as used throughout the literature.
    private static readonly float[] ChannelMean = [0.4914f, 0.4822f, 0.4465f];
    private static readonly float[] ChannelStd = [0.2470f, 0.2435f, 0.2616f];

    private readonly Tensor _mean;
    private readonly Tensor _std;

    public DeviceDataset(LabeledImages images, Device device)
    {
        using var scope = NewDisposeScope();
        Images = tensor(images.Pixels, [images.Count, LabeledImages.Channels, LabeledImages.Height, LabeledImages.Width], dtype: ScalarType.Byte)
            .to(device).MoveToOuterDisposeScope();
        Labels = tensor(images.Labels, dtype: ScalarType.Byte).to(ScalarType.Int64).to(device).MoveToOuterDisposeScope();
        _mean = tensor(ChannelMean).reshape(1, 3, 1, 1).to(device).MoveToOuterDisposeScope();
        _std = tensor(ChannelStd).reshape(1, 3, 1, 1).to(device).MoveToOuterDisposeScope();
        Count = images.Count;
        ClassCount = images.ClassCount;
        Device = device;
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Count { get; }
    public int ClassCount { get; }
    public Device Device { get; }

    /// <summary>Float32 images at <paramref name="indices"/> (int64, on the device), scaled to 0..1 and standardized per channel.</summary>
    public Tensor NormalizedImages(Tensor indices)
    {
        using var scope = NewDisposeScope();
        var batch = Images.index_select(0, indices).to(ScalarType.Float32).div_(255f);
        return batch.sub_(_mean).div_(_std).MoveToOuterDisposeScope();
    }

    /// <summary>Labels at <paramref name="indices"/>.</summary>
    public Tensor LabelsAt(Tensor indices) => Labels.index_select(0, indices);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        _mean.Dispose();
        _std.Dispose();
    }
}
