using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Trains a problem's dense network (resuming from its last finished epoch), and its seed baselines if the plan has any, on a leased device and reports
/// <see cref="DenseTrainedReport"/> to its parent, or <see cref="DenseErrorReport"/> and stops.
/// </summary>
public sealed class DenseTrainer : ReceiveActor
{
    private readonly IActorRef _devicePool;
    private readonly string _problem;
    private readonly BackgroundWork _work = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DeviceLeased? _lease;

    public DenseTrainer(ProblemPlan plan, string folder, IActorRef devicePool, IExperimentCompute compute, string? traceParent)
    {
        _devicePool = devicePool;
        _problem = plan.Problem;
        Receive<DeviceLeased>(lease =>
        {
            _lease = lease;
            var events = Context.System.EventStream;
            var progress = new ActionProgress<TrainingProgress>(p =>
                events.Publish(new WorkProgress(plan.Problem, WorkProgress.DenseRepetition, 0, p.Stage, p.Epoch, p.Epochs, p.TestAccuracy, p.ImagesPerSecond, lease.Device)));
            _work.Start(Self, lease.Lane, "dense training", token =>
            {
                using var span = Traces.StartOnThisThread("dense training", traceParent, [new("problem", plan.Problem), new("device", lease.Device), new("epochs", plan.DenseEpochs), new("seed_baselines", plan.SeedBaseline)]);
                try
                {
                    var outcome = compute.TrainDense(plan, folder, lease.Device, progress, token);
                    span?.SetTag("test.accuracy", outcome.TestAccuracy);
                    PipelineLog.Steps.LogInformation("{Problem} dense network trained: {Epochs} epochs, test accuracy {Accuracy:P2}", plan.Problem, outcome.Epochs, outcome.TestAccuracy);
                    return outcome;
                }
                catch (Exception e)
                {
                    Traces.Fail(span, e);
                    PipelineLog.Steps.LogError(e, "{Problem} dense training failed on {Device}", plan.Problem, lease.Device);
                    throw;
                }
            });
        });
        Receive<NoDeviceLeft>(none => Fail(new WorkFailed("leasing a device", new InvalidOperationException(none.Reason))));
        Receive<WorkDone<DenseOutcome>>(done => Context.Parent.Tell(new DenseTrainedReport(done.Result)));
        Receive<WorkFailed>(Fail);
    }

    public static Props Props(ProblemPlan plan, string folder, IActorRef devicePool, IExperimentCompute compute, string? traceParent) =>
        Akka.Actor.Props.Create(() => new DenseTrainer(plan, folder, devicePool, compute, traceParent));

    protected override void PreStart()
    {
        Context.System.EventStream.Publish(new WorkProgress(_problem, WorkProgress.DenseRepetition, 0, WorkProgress.WaitingForDevice, 0, 0, double.NaN, 0, ""));
        _devicePool.Tell(new LeaseDevice($"{_problem} dense"));
    }

    protected override void PostStop()
    {
        _work.Dispose();
        if (_lease is not null) _devicePool.Tell(new ReleaseDevice(_lease.LeaseId));
        Context.System.EventStream.Publish(new WorkEnded(_problem, WorkProgress.DenseRepetition));
    }

    private void Fail(WorkFailed failed)
    {
        _lease = DeviceFaults.ReportIfDeviceFault(_devicePool, _lease, failed.Error);
        _log.Error(failed.Error, "{0}: dense training failed", _problem);
        Context.Parent.Tell(StorageFaults.Find(failed.Error) is { } storage
            ? new StorageFaultReport(storage.FilePath, storage.Message)
            : new DenseErrorReport(failed.Describe(), failed.IsDeterministic));
        Context.Stop(Self);
    }
}
