using ActorPipeline.Actors.Devices;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Actors;

public sealed class DevicePoolTests : TestKit
{
    [Fact]
    public void Leases_up_to_the_slots_of_each_device_and_queues_the_rest_in_order()
    {
        var pool = Sys.ActorOf(DevicePool.Props(["cuda:0", "cuda:1"], slotsPerDevice: 2));
        var holders = Enumerable.Range(0, 5).Select(_ => CreateTestProbe()).ToList();
        foreach (var holder in holders) pool.Tell(new LeaseDevice("h"), holder.Ref);

        var leases = holders.Take(4).Select(h => h.ExpectMsg<DeviceLeased>()).ToList();
        Assert.Equal(2, leases.Count(l => l.Device == "cuda:0"));
        Assert.Equal(2, leases.Count(l => l.Device == "cuda:1"));
        // Work spreads: the first two leases go to different GPUs.
        Assert.NotEqual(leases[0].Device, leases[1].Device);
        holders[4].ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        pool.Tell(new ReleaseDevice(leases[2].LeaseId));
        Assert.Equal(leases[2].Device, holders[4].ExpectMsg<DeviceLeased>().Device);
    }

    [Fact]
    public void A_stopped_holder_gives_its_lease_back()
    {
        var pool = Sys.ActorOf(DevicePool.Props(["cpu"], slotsPerDevice: 1));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        pool.Tell(new LeaseDevice("first"), first.Ref);
        first.ExpectMsg<DeviceLeased>();
        pool.Tell(new LeaseDevice("second"), second.Ref);
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Sys.Stop(first.Ref);
        Assert.Equal("cpu", second.ExpectMsg<DeviceLeased>().Device);
    }

    [Fact]
    public void A_failing_device_leaves_the_pool_and_the_last_failure_answers_everyone_waiting()
    {
        var pool = Sys.ActorOf(DevicePool.Props(["cuda:0", "cuda:1"], slotsPerDevice: 1));
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        var waiting = CreateTestProbe();
        pool.Tell(new LeaseDevice("a"), a.Ref);
        pool.Tell(new LeaseDevice("b"), b.Ref);
        var leaseA = a.ExpectMsg<DeviceLeased>();
        var leaseB = b.ExpectMsg<DeviceLeased>();
        pool.Tell(new LeaseDevice("waiting"), waiting.Ref);

        pool.Tell(new ReportDeviceFailure(leaseA.LeaseId, "CUDA error: an illegal memory access"));
        waiting.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the broken GPU is not handed out again
        pool.Tell(new GetDevicePoolStatus(), TestActor);
        var status = ExpectMsg<DevicePoolStatus>();
        Assert.Contains(status.Devices, d => d.Device == leaseA.Device && d.RetiredBecause!.Contains("illegal memory access"));

        pool.Tell(new ReportDeviceFailure(leaseB.LeaseId, "CUDA error: unspecified launch failure"));
        Assert.Contains("every device failed", waiting.ExpectMsg<NoDeviceLeft>().Reason);
        pool.Tell(new LeaseDevice("late"), TestActor);
        ExpectMsg<NoDeviceLeft>();
    }

    [Theory]
    [InlineData("cuda:0", "CUDA error: an illegal memory access was encountered", true)]
    [InlineData("cuda:0", "CUDA out of memory. Tried to allocate 2.00 GiB", false)]
    [InlineData("cpu", "CUDA error: an illegal memory access was encountered", false)]
    [InlineData("cuda:1", "shape mismatch", false)]
    public void Device_faults_are_told_from_failures_of_the_work(string device, string message, bool expected) =>
        Assert.Equal(expected, DeviceFaults.IsDeviceFault(new InvalidOperationException("wrapper", new Exception(message)), device));

    [Fact]
    public void An_explicit_device_fault_is_one_on_any_device() =>
        Assert.True(DeviceFaults.IsDeviceFault(new DeviceFaultException("cpu", "injected"), "cpu"));
}
