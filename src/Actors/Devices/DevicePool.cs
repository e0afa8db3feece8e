using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Memory;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Devices;

/// <summary>
/// Hands out concurrent slots on the sweep's devices (e.g. 3 repetitions per GPU), first come first served,
/// and takes a failing device out of the pool. Holders are watched: a holder that stops gives its lease back.
/// Each slot has its own <see cref="ComputeLane"/>, made with the pool and closed when it stops: a lease hands out a
/// free slot's lane, so a slot's compute always runs on the same thread, and no thread outlives the pool's node. A lane
/// that runs out of work (between steps) gives freed memory back to the system once the process has grown enough
/// (<see cref="FreedMemory"/>).
/// </summary>
public sealed class DevicePool : ReceiveActor
{
    private sealed record Lease(long Id, string Device, ComputeLane Lane, IActorRef Holder);

    private readonly Dictionary<string, int> _slots;
    private readonly Dictionary<string, IReadOnlyList<ComputeLane>> _lanes;
    private readonly Dictionary<string, string> _retired = new();
    private readonly Dictionary<long, Lease> _leases = new();
    private readonly LinkedList<(IActorRef Requester, string Holder)> _waiting = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _nextLeaseId = 1;

    public DevicePool(IReadOnlyList<string> devices, int slotsPerDevice)
    {
        if (devices.Count == 0) throw new ArgumentException("The device pool needs at least one device.", nameof(devices));
        if (slotsPerDevice <= 0) throw new ArgumentOutOfRangeException(nameof(slotsPerDevice), slotsPerDevice, "Slots per device must be positive.");
        _slots = devices.Distinct().ToDictionary(d => d, _ => slotsPerDevice);
        var log = _log;
        _lanes = _slots.ToDictionary(s => s.Key, s => (IReadOnlyList<ComputeLane>)Enumerable.Range(0, s.Value)
            .Select(slot => new ComputeLane(ComputeLane.ThreadName(s.Key, slot),
                cleanupFailed: e => log.Error(e, "A cleanup on {0} slot {1} failed", s.Key, slot),
                idle: () => FreedMemory.ReleaseIfGrown())).ToList());

        Receive<LeaseDevice>(request =>
        {
            if (_retired.Count == _slots.Count)
            {
                Sender.Tell(new NoDeviceLeft(DescribeRetired()));
                return;
            }
            Context.Watch(Sender);
            _waiting.AddLast((Sender, request.Holder));
            Dispatch();
        });
        Receive<ReleaseDevice>(release =>
        {
            if (_leases.Remove(release.LeaseId)) Dispatch();
        });
        Receive<ReportDeviceFailure>(failure =>
        {
            if (!_leases.Remove(failure.LeaseId, out var lease)) return;
            if (_retired.TryAdd(lease.Device, failure.Reason))
            {
                _log.Warning("Device {0} is taken out of the pool: {1}", lease.Device, failure.Reason);
                Context.Parent.Tell(new DeviceRetired(lease.Device, failure.Reason)); // a node agent pulls for fewer slots
            }
            if (_retired.Count == _slots.Count)
            {
                foreach (var (requester, _) in _waiting) requester.Tell(new NoDeviceLeft(DescribeRetired()));
                _waiting.Clear();
            }
            else Dispatch();
        });
        Receive<Terminated>(terminated =>
        {
            foreach (var lease in _leases.Values.Where(l => l.Holder.Equals(terminated.ActorRef)).ToList()) _leases.Remove(lease.Id);
            var node = _waiting.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.Requester.Equals(terminated.ActorRef)) _waiting.Remove(node);
                node = next;
            }
            Dispatch();
        });
        Receive<GetDevicePoolStatus>(_ => Sender.Tell(new DevicePoolStatus(
            _slots.Select(s => new DeviceSlotStatus(s.Key, s.Value, _leases.Values.Count(l => l.Device == s.Key), _retired.GetValueOrDefault(s.Key))).ToList(),
            _waiting.Count)));
    }

    public static Props Props(IReadOnlyList<string> devices, int slotsPerDevice) =>
        Akka.Actor.Props.Create(() => new DevicePool(devices, slotsPerDevice));

    protected override void PostStop()
    {
        // Never waits here: work still running finishes (its holder stopped and cancelled it), queued cleanups run, then the threads end.
        foreach (var lane in _lanes.Values.SelectMany(l => l)) lane.Dispose();
    }

    private void Dispatch()
    {
        while (_waiting.First is { } first && FreeDevice() is { } device)
        {
            _waiting.RemoveFirst();
            var lane = _lanes[device].First(l => _leases.Values.All(lease => lease.Lane != l));
            var lease = new Lease(_nextLeaseId++, device, lane, first.Value.Requester);
            _leases[lease.Id] = lease;
            first.Value.Requester.Tell(new DeviceLeased(lease.Id, device, lane));
        }
    }

    /// <summary>The healthy device with the most free slots, so work spreads over GPUs before stacking on one.</summary>
    private string? FreeDevice() => _slots
        .Where(s => !_retired.ContainsKey(s.Key))
        .Select(s => (Device: s.Key, Free: s.Value - _leases.Values.Count(l => l.Device == s.Key)))
        .Where(s => s.Free > 0)
        .OrderByDescending(s => s.Free)
        .Select(s => s.Device)
        .FirstOrDefault();

    private string DescribeRetired() => "every device failed: " + string.Join("; ", _retired.Select(r => $"{r.Key}: {r.Value}"));
}
