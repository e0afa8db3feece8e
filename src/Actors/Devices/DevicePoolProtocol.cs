using ActorPipeline.Actors.Compute;
using Akka.Actor;

namespace ActorPipeline.Actors.Devices;

/// <summary>Asks for a slot on any healthy device; answered with <see cref="DeviceLeased"/> when one is free, or <see cref="NoDeviceLeft"/>.</summary>
public sealed record LeaseDevice(string Holder) : INoSerializationVerificationNeeded;

/// <summary>A slot on <paramref name="Device"/>; its blocking compute runs on the slot's own <paramref name="Lane"/> (a thread of this node).</summary>
public sealed record DeviceLeased(long LeaseId, string Device, ComputeLane Lane) : INoSerializationVerificationNeeded;

/// <summary>Gives a slot back. Leases of a stopped holder are given back by the pool itself.</summary>
public sealed record ReleaseDevice(long LeaseId) : INoSerializationVerificationNeeded;

/// <summary>The device of this lease failed: it leaves the pool, its lease ends.</summary>
public sealed record ReportDeviceFailure(long LeaseId, string Reason) : INoSerializationVerificationNeeded;

/// <summary>Told to the pool's parent: <paramref name="Device"/> left the pool.</summary>
public sealed record DeviceRetired(string Device, string Reason) : INoSerializationVerificationNeeded;

/// <summary>Every device has been retired: nothing can run any more.</summary>
public sealed record NoDeviceLeft(string Reason) : INoSerializationVerificationNeeded;

public sealed record GetDevicePoolStatus : INoSerializationVerificationNeeded
{
    public static GetDevicePoolStatus Instance { get; } = new();
}

public sealed record DevicePoolStatus(IReadOnlyList<DeviceSlotStatus> Devices, int Waiting) : INoSerializationVerificationNeeded;

public sealed record DeviceSlotStatus(string Device, int Slots, int InUse, string? RetiredBecause);
