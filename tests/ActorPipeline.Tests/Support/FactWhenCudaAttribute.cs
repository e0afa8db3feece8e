using static TorchSharp.torch;

namespace ActorPipeline.Tests.Support;

/// <summary>
/// A fact that is skipped (with the reason shown), not failed, when no CUDA device is visible: the default
/// build uses the TorchSharp CPU backend, and most machines have no GPU. Select these tests with
/// <c>--filter Category=Gpu</c> (put <c>[Trait("Category", "Gpu")]</c> on the class) or <c>FullyQualifiedName~Gpu</c>.
/// </summary>
internal sealed class FactWhenCudaAttribute : FactAttribute
{
    public FactWhenCudaAttribute()
    {
        if (!CudaAvailable.Value)
            Skip = "needs a CUDA device: none is visible (CPU TorchSharp backend, or no GPU/driver). Run on a GPU machine with -p:TorchBackend=cuda-linux or managed (see tools/device/README.md).";
    }

    private static readonly Lazy<bool> CudaAvailable = new(() =>
    {
        try { return cuda.is_available(); }
        catch (Exception) { return false; } // a native backend that cannot even answer counts as no CUDA
    });
}
