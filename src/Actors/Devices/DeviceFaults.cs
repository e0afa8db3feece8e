using Akka.Actor;

namespace ActorPipeline.Actors.Devices;

/// <summary>Thrown (by compute code or fault injection) when a device itself is broken, not the work on it.</summary>
public sealed class DeviceFaultException(string device, string message) : Exception($"Device {device} failed: {message}")
{
    public string Device { get; } = device;
}

/// <summary>Tells a broken device (take it out of the pool) from a failure of the work (retry it elsewhere).</summary>
public static class DeviceFaults
{
    // CUDA reports a dead or wedged GPU through these; running out of memory is the work's problem, not the device's.
    private static readonly string[] CudaFaultMarkers =
        ["CUDA error", "device-side assert", "illegal memory access", "unspecified launch failure", "ECC error", "device not ready", "no CUDA-capable device"];

    /// <summary>
    /// After a failure on a leased device: a device fault takes the device out of the pool (ending the lease,
    /// so null is returned); any other failure leaves the lease with its holder, who gives it back when it stops.
    /// </summary>
    public static DeviceLeased? ReportIfDeviceFault(IActorRef pool, DeviceLeased? lease, Exception failure)
    {
        if (lease is null || !IsDeviceFault(failure, lease.Device)) return lease;
        pool.Tell(new ReportDeviceFailure(lease.LeaseId, failure.Message));
        return null;
    }

    public static bool IsDeviceFault(Exception failure, string device)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DeviceFaultException) return true;
            if (device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase)
                && !e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
                && CudaFaultMarkers.Any(marker => e.Message.Contains(marker, StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }
}
