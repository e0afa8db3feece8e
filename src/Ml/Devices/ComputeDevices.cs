using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Devices;

/// <summary>
/// The one place where device names become TorchSharp devices: "cpu", "cuda", "cuda:1", or "auto"
/// (every visible GPU, else the CPU). Errors say what is missing and what to do.
/// </summary>
public static class ComputeDevices
{
    public static IReadOnlyList<Device> Parse(string specification)
    {
        var names = specification.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new ArgumentException("No device given; use cpu, cuda, cuda:N (comma-separated) or auto.");
        if (names is ["auto"])
            return cuda.is_available() ? Enumerable.Range(0, cuda.device_count()).Select(i => device(DeviceType.CUDA, i)).ToList() : [CPU];
        return names.Select(ParseOne).Distinct().ToList();
    }

    /// <summary>The devices of <paramref name="specification"/> by name ("cpu", "cuda:1"), as the actors' device pools take them.</summary>
    public static IReadOnlyList<string> ParseNames(string specification) => Parse(specification).Select(Describe).ToList();

    public static Device ParseOne(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        if (lower == "cpu") return CPU;
        if (lower == "cuda" || lower.StartsWith("cuda:"))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"Device \"{name}\" asked for, but CUDA is not available: this build uses the TorchSharp CPU backend or no GPU is visible. Build with -p:TorchBackend=cuda-linux on a GPU machine, or use --devices cpu.");
            int index = 0;
            if (lower.Length > 5 && !int.TryParse(lower[5..], out index))
                throw new ArgumentException($"Device \"{name}\": \"{lower[5..]}\" is not a GPU index.");
            if (index < 0 || index >= cuda.device_count())
                throw new ArgumentException($"Device \"{name}\": only {cuda.device_count()} GPU(s) visible (cuda:0..cuda:{cuda.device_count() - 1}).");
            return device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device \"{name}\"; use cpu, cuda, cuda:N or auto.");
    }

    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA ? $"cuda:{device.index}" : "cpu";

    /// <summary>Waits for the device's queued work (CUDA runs asynchronously), so a clock read afterwards includes it; no-op on the CPU.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}
