using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>The dense trainer under a probe parent, leasing from a probe pool (so every lease message is seen), against <see cref="FakeCompute"/>.</summary>
public sealed class DenseTrainerTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private const string Problem = "cifar2";
    private const string Folder = "artifacts/cifar2/dense";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly ComputeLane _lane = new("test lane");
    private DeviceLeased Lease => new(7, "cpu", _lane);

    private readonly FakeCompute _compute = new();

    protected override void AfterAll()
    {
        base.AfterAll();
        _lane.Dispose();
    }

    /// <summary>Starts a trainer (watched by the test) and takes its lease request.</summary>
    private (TestProbe Parent, TestProbe Pool, IActorRef Trainer) StartTrainer()
    {
        var parent = CreateTestProbe();
        var pool = CreateTestProbe();
        var trainer = parent.ChildActorOf(DenseTrainer.Props(FakePlans.Problem(Problem), Folder, pool, _compute, traceParent: null));
        Watch(trainer);
        Assert.Equal(new LeaseDevice($"{Problem} dense"), pool.ExpectMsg<LeaseDevice>());
        Assert.Equal(trainer, pool.LastSender);
        return (parent, pool, trainer);
    }

    [Fact]
    public void Waits_for_a_lease_then_trains_on_the_leased_device_and_reports_the_outcome()
    {
        var progress = CreateTestProbe();
        Sys.EventStream.Subscribe(progress, typeof(WorkProgress));
        var (parent, pool, trainer) = StartTrainer();

        var waiting = progress.ExpectMsg<WorkProgress>();
        Assert.Equal((Problem, WorkProgress.DenseRepetition, WorkProgress.WaitingForDevice, ""), (waiting.Problem, waiting.Repetition, waiting.Stage, waiting.Device));
        parent.ExpectNoMsg(Quiet);
        Assert.Empty(_compute.Calls);

        pool.Reply(Lease);
        Assert.Equal(new DenseTrainedReport(FakeCompute.DenseResult(Folder)), parent.ExpectMsg<DenseTrainedReport>());
        Assert.Equal([ComputeCall.TrainDense(Problem)], _compute.Calls);
        var training = progress.ExpectMsg<WorkProgress>();
        Assert.Equal(("dense training", "cpu"), (training.Stage, training.Device));

        // The supervisor stops the trainer once it has recorded the outcome: the lease goes back.
        Sys.Stop(trainer);
        ExpectTerminated(trainer);
        Assert.Equal(new ReleaseDevice(Lease.LeaseId), pool.ExpectMsg<ReleaseDevice>());
    }

    [Fact]
    public void A_failed_training_is_reported_with_its_cause_and_the_trainer_stops_giving_its_device_back()
    {
        _compute.FailWhen((call, _) => call.Step == ComputeStep.TrainDense ? new IOException("disk full") : null);
        var (parent, pool, trainer) = StartTrainer();
        pool.Reply(Lease);

        Assert.Equal(new DenseErrorReport("dense training failed: IOException: disk full"), parent.ExpectMsg<DenseErrorReport>());
        ExpectTerminated(trainer);
        Assert.Equal(new ReleaseDevice(Lease.LeaseId), pool.ExpectMsg<ReleaseDevice>());
    }

    [Fact]
    public void A_device_fault_takes_the_device_out_of_the_pool_instead_of_giving_it_back()
    {
        _compute.FailWhen((call, _) => call.Step == ComputeStep.TrainDense ? new DeviceFaultException("cpu", "injected hardware fault") : null);
        var (parent, pool, trainer) = StartTrainer();
        pool.Reply(Lease);

        Assert.Contains("injected hardware fault", parent.ExpectMsg<DenseErrorReport>().Error);
        var fault = pool.ExpectMsg<ReportDeviceFailure>();
        Assert.Equal(Lease.LeaseId, fault.LeaseId);
        Assert.Contains("injected hardware fault", fault.Reason);
        ExpectTerminated(trainer);
        pool.ExpectNoMsg(Quiet); // no ReleaseDevice of a lease the fault already ended
    }

    [Fact]
    public void With_no_device_left_it_reports_that_and_stops_without_training()
    {
        var (parent, pool, trainer) = StartTrainer();
        pool.Reply(new NoDeviceLeft("every device failed: cpu: broken"));

        var failed = parent.ExpectMsg<DenseErrorReport>();
        Assert.StartsWith("leasing a device failed", failed.Error);
        Assert.Contains("every device failed: cpu: broken", failed.Error);
        ExpectTerminated(trainer);
        pool.ExpectNoMsg(Quiet); // it never held a lease
        Assert.Empty(_compute.Calls);
    }
}
