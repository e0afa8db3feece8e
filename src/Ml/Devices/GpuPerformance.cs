using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Devices;

/// <summary>
/// Speed settings for CUDA that trade exactness for throughput. All off by default; on the CPU every
/// one is a no-op, so CPU results (bit-identical per seed) never depend on them.
/// </summary>
/// <param name="Tf32">TensorFloat-32 for cuBLAS matmuls and cuDNN convolutions (Ampere and newer):
/// the same as PyTorch's <c>torch.backends.cuda.matmul.allow_tf32 = True</c> and
/// <c>torch.backends.cudnn.allow_tf32 = True</c>. Process-wide in libtorch (not per device or thread).</param>
/// <param name="ChannelsLast">Feed convolutions NHWC-strided inputs (a tensor of NCHW shape with channels-last
/// strides, made by permute → contiguous → permute back, because TorchSharp 0.107 has no
/// <c>memory_format</c> argument). cuDNN then picks its channels-last kernels for the whole conv stack;
/// the weights stay NCHW.</param>
/// <remarks>
/// What TorchSharp 0.107.0 exposes (checked in its source): <c>torch.backends.cuda.matmul.allow_tf32</c>,
/// <c>torch.backends.cudnn.allow_tf32</c>, <c>allow_fp16_reduced_precision_reduction</c>. It has no
/// <c>cudnn.benchmark</c>, no <c>set_float32_matmul_precision</c> (throws NotImplementedException), no
/// <c>memory_format</c> on <c>to</c>/<c>contiguous</c> (the enum exists, nothing takes it) and no autocast /
/// GradScaler, so automatic mixed precision is not supported here.
/// </remarks>
public sealed record GpuPerformance(bool Tf32 = false, bool ChannelsLast = false)
{
    public static GpuPerformance Default { get; } = new();

    /// <summary>Sets libtorch's TF32 switches to <see cref="Tf32"/> when <paramref name="device"/> is CUDA; nothing on the CPU.</summary>
    public void Apply(Device device)
    {
        if (device.type != DeviceType.CUDA) return;
        backends.cuda.matmul.allow_tf32 = Tf32;
        backends.cudnn.allow_tf32 = Tf32;
    }

    /// <summary>libtorch's current TF32 switches (matmul, cudnn); null when CUDA is not available.</summary>
    public static (bool Matmul, bool Cudnn)? CurrentTf32() =>
        cuda.is_available() ? (backends.cuda.matmul.allow_tf32, backends.cudnn.allow_tf32) : null;

    /// <summary>
    /// <paramref name="batch"/> (B×C×H×W) with channels-last strides when <see cref="ChannelsLast"/> is on and the
    /// batch is on CUDA; otherwise the batch itself. The result has the same shape and values.
    /// </summary>
    public Tensor Prepare(Tensor batch)
    {
        if (!ChannelsLast || batch.device.type != DeviceType.CUDA || batch.dim() != 4) return batch;
        return ToChannelsLast(batch);
    }

    /// <summary>Same shape and values, stored in NHWC order (strides H·W·C, 1, W·C, C): permute, contiguous, permute back.</summary>
    public static Tensor ToChannelsLast(Tensor batch)
    {
        using var scope = NewDisposeScope();
        return batch.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }

    public string Describe() => $"tf32 {(Tf32 ? "on" : "off")}, channels-last {(ChannelsLast ? "on" : "off")}";
}
