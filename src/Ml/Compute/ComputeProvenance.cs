using ActorPipeline.Ml.Devices;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Compute;

/// <summary>
/// How a step was computed, read where and when it was (on its compute thread, after <see cref="ComputeSettings.Use"/>):
/// the device ("cpu", "cuda:0") and what it is (the CPU model, the GPU's name), the libtorch and TorchSharp versions, the
/// CPU threads libtorch used and whether deterministic algorithms were on.
/// </summary>
public sealed record ComputeProvenance(string Device, string DeviceName, string Libtorch, string TorchSharp, int Threads, bool Deterministic)
{
    /// <summary>What this thread computes with on <paramref name="device"/> now.</summary>
    public static ComputeProvenance Capture(Device device) =>
        new(ComputeDevices.Describe(device), DeviceNames.Of(device), __version__, TorchSharpVersion, get_num_threads(), LibtorchDeterminism.Enabled);

    /// <summary>The TorchSharp package's version (its assembly's informational version without the build metadata).</summary>
    public static string TorchSharpVersion { get; } = TorchSharpVersionOf(typeof(TorchSharp.torch).Assembly);

    internal static string TorchSharpVersionOf(System.Reflection.Assembly assembly)
    {
        var informational = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion;
        if (!string.IsNullOrWhiteSpace(informational)) return informational.Split('+')[0];
        return assembly.GetName().Version?.ToString(3) ?? "unknown";
    }
}
