using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Tracing;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Trains a problem's dense network (resuming from its last finished epoch) on a leased device and reports
/// <see cref="DenseTrainingFinished"/> to the problem supervisor. Failures are thrown as
/// <see cref="WorkFailedException"/> with repetition -1.
/// </summary>
public sealed class DenseTrainer : ReceiveActor
{
    private const int DenseRepetition = Problems.ProblemState.DenseRepetition;
    private readonly IActorRef _devicePool;
    private readonly BackgroundWork _work = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DeviceLeased? _lease;

    public DenseTrainer(ProblemPlan plan, string folder, IActorRef devicePool, IExperimentCompute compute, string? traceParent)
    {
        _devicePool = devicePool;
        Receive<DeviceLeased>(lease =>
        {
            _lease = lease;
            var events = Context.System.EventStream;
            var progress = new ActionProgress<TrainingProgress>(p =>
                events.Publish(new WorkProgress(plan.Problem, DenseRepetition, 0, "dense training", p.Epoch, p.Epochs, p.TestAccuracy, p.ImagesPerSecond, lease.Device)));
            _work.Start(Self, "dense training", token =>
            {
                using var span = Traces.StartOnThisThread("dense training", traceParent, [new("problem", plan.Problem), new("device", lease.Device), new("epochs", plan.DenseEpochs)]);
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
        Receive<NoDeviceLeft>(none => throw new WorkFailedException(DenseRepetition, "leasing a device", new InvalidOperationException(none.Reason)));
        Receive<WorkDone<DenseOutcome>>(done => Context.Parent.Tell(new DenseTrainingFinished(done.Result)));
        Receive<WorkFailed>(failed =>
        {
            _lease = DeviceFaults.ReportIfDeviceFault(_devicePool, _lease, failed.Error);
            _log.Error(failed.Error, "{0}: dense training failed", plan.Problem);
            throw new WorkFailedException(DenseRepetition, failed.Stage, failed.Error);
        });
        _devicePool.Tell(new LeaseDevice($"{plan.Problem} dense"));
    }

    public static Props Props(ProblemPlan plan, string folder, IActorRef devicePool, IExperimentCompute compute, string? traceParent) =>
        Akka.Actor.Props.Create(() => new DenseTrainer(plan, folder, devicePool, compute, traceParent));

    protected override void PostStop()
    {
        _work.Dispose();
        if (_lease is not null) _devicePool.Tell(new ReleaseDevice(_lease.LeaseId));
    }
}
