using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Devices;

/// <summary>
/// What a device is, for provenance: the CPU's model ("AMD EPYC 7B13", from /proc/cpuinfo) or the GPU's name ("NVIDIA H100
/// 80GB HBM3", from the CUDA driver: TorchSharp 0.107 has no get_device_name). Falls back to the device's own name
/// ("cpu", "cuda:0") where neither can be read. Read once per device.
/// </summary>
public static class DeviceNames
{
    private static readonly ConcurrentDictionary<string, string> Known = new();

    public static string Of(Device device)
    {
        string key = ComputeDevices.Describe(device);
        return Known.GetOrAdd(key, _ => device.type == DeviceType.CUDA ? CudaName(device.index) ?? key : CpuModel() ?? key);
    }

    /// <summary>The first "model name" of /proc/cpuinfo; null where there is none (not Linux, some ARM kernels).</summary>
    public static string? CpuModel()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? CpuModelOf(File.ReadAllText("/proc/cpuinfo")) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The value of the first "model name" line of a /proc/cpuinfo text, whitespace collapsed; null without one.</summary>
    public static string? CpuModelOf(string cpuinfo)
    {
        foreach (var line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() != "model name") continue;
            var value = string.Join(' ', line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return value.Length > 0 ? value : null;
        }
        return null;
    }

    /// <summary>The CUDA driver's name of device <paramref name="ordinal"/> (the driver API's ordinals are the runtime's); null when the driver cannot say.</summary>
    private static string? CudaName(long ordinal)
    {
        try
        {
            if (CuInit(0) != 0 || CuDeviceGet(out int handle, (int)ordinal) != 0) return null;
            var name = new byte[256];
            if (CuDeviceGetName(name, name.Length, handle) != 0) return null;
            int end = Array.IndexOf(name, (byte)0);
            return Encoding.ASCII.GetString(name, 0, end < 0 ? name.Length : end).Trim();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libcuda.so.1", EntryPoint = "cuInit")]
    private static extern int CuInit(uint flags);

    [DllImport("libcuda.so.1", EntryPoint = "cuDeviceGet")]
    private static extern int CuDeviceGet(out int device, int ordinal);

    [DllImport("libcuda.so.1", EntryPoint = "cuDeviceGetName")]
    private static extern int CuDeviceGetName(byte[] name, int length, int device);
}
