using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Tracing;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ActorPipeline.Ml.Similarity;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Runs one seeded IMP repetition on a leased device, one step at a time: train iteration k, then measure
/// it (probe activations streamed to one <see cref="SimilarityActor"/> per layer, its children), reporting
/// each step to the problem supervisor and waiting until it is persisted before going on. A failure is
/// thrown as <see cref="WorkFailedException"/>; the supervisor decides whether a new attempt follows.
/// </summary>
public sealed class RepetitionWorker : ReceiveActor
{
    private static readonly TimeSpan LayerTimeout = TimeSpan.FromMinutes(30);

    private readonly RepetitionAssignment _assignment;
    private readonly IActorRef _devicePool;
    private readonly IExperimentCompute _compute;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BackgroundWork _work = new();
    private readonly Dictionary<string, IActorRef> _layerActors = new();
    private DeviceLeased? _lease;
    private IRepetitionSession? _session;
    private int _iteration;
    private Activity? _repetitionSpan;
    private Activity? _iterationSpan;

    public RepetitionWorker(RepetitionAssignment assignment, IActorRef devicePool, IExperimentCompute compute)
    {
        _assignment = assignment;
        _devicePool = devicePool;
        _compute = compute;
        _iteration = assignment.Start.Iteration;
        WaitingForDevice();
    }

    public static Props Props(RepetitionAssignment assignment, IActorRef devicePool, IExperimentCompute compute) =>
        Akka.Actor.Props.Create(() => new RepetitionWorker(assignment, devicePool, compute));

    private string Problem => _assignment.Plan.Problem;
    private int Repetition => _assignment.Repetition;

    protected override void PreStart()
    {
        // A repetition is its own trace, linked to its problem's span: a sweep of days stays a set of readable traces.
        _repetitionSpan = Traces.StartDetached("repetition", _assignment.TraceParent, linkOnly: true,
            [new("problem", Problem), new("repetition", Repetition), new("start.iteration", _assignment.Start.Iteration), new("start.measure_only", _assignment.Start.MeasureOnly)]);
        _devicePool.Tell(new LeaseDevice($"{Problem} repetition {Repetition}"));
    }

    protected override void PostStop()
    {
        var session = _session;
        _work.AfterCompletion(() => session?.Dispose());
        _work.Dispose();
        if (_lease is not null) _devicePool.Tell(new ReleaseDevice(_lease.LeaseId));
        _iterationSpan?.Stop();
        _repetitionSpan?.Stop();
    }

    private void WaitingForDevice()
    {
        Receive<DeviceLeased>(lease =>
        {
            _lease = lease;
            _repetitionSpan?.SetTag("device", lease.Device);
            var plan = _assignment.Plan;
            Become(Working);
            _work.Start(Self, "opening the repetition", _ => _compute.OpenRepetition(plan, _assignment.Dense, Repetition, _assignment.Folder, lease.Device));
        });
        Receive<NoDeviceLeft>(none => throw new WorkFailedException(Repetition, "leasing a device", new InvalidOperationException(none.Reason)));
    }

    private void Working()
    {
        Receive<WorkDone<IRepetitionSession>>(opened =>
        {
            _session = opened.Result;
            var options = SimilarityOptionsFor(_assignment.Plan);
            foreach (var layer in _session.Layers)
                _layerActors[layer.Name] = Context.ActorOf(SimilarityActor.Props(layer, options), $"similarity-{layer.Name}");
            if (_assignment.Start.MeasureOnly) Measure(); else TrainOrFinish();
        });
        Receive<WorkDone<IterationOutcome>>(trained =>
        {
            _iterationSpan?.SetTag("sparsity.conv", trained.Result.ConvSparsity);
            _iterationSpan?.SetTag("sparsity.fc", trained.Result.FcSparsity);
            _iterationSpan?.SetTag("sparsity.overall", trained.Result.OverallSparsity);
            _iterationSpan?.SetTag("test.accuracy", trained.Result.TestAccuracy);
            Context.Parent.Tell(new IterationTrainedReport(Repetition, trained.Result));
            Become(() => AwaitingRecord(Measure));
        });
        Receive<WorkDone<IReadOnlyList<LayerSimilarity>>>(measured =>
        {
            Context.Parent.Tell(new SimilarityReport(Repetition, _iteration, measured.Result));
            foreach (var layer in measured.Result)
                if (layer.Values.TryGetValue("svcca", out var svcca)) _iterationSpan?.SetTag($"svcca.{layer.Layer}", svcca);
            _iterationSpan?.Stop();
            _iterationSpan = null;
            Become(() => AwaitingRecord(() =>
            {
                _iteration++;
                TrainOrFinish();
            }));
        });
        Receive<WorkFailed>(Fail);
    }

    private void AwaitingRecord(Action next)
    {
        Receive<StepRecorded>(recorded =>
        {
            if (recorded.Iteration != _iteration) return;
            Become(Working);
            next();
        });
        Receive<WorkFailed>(Fail);
    }

    private void TrainOrFinish()
    {
        if (_iteration > _assignment.Plan.Iterations)
        {
            Context.Parent.Tell(new RepetitionFinished(Repetition));
            return;
        }
        var session = _session!;
        int iteration = _iteration;
        var progress = ProgressReporter(iteration, "training");
        var span = StartIterationSpan();
        _work.Start(Self, $"training IMP iteration {iteration}", token =>
        {
            Activity.Current = span; // the pruning and training spans of the Ml code nest under the iteration
            var outcome = session.TrainIteration(iteration, progress, token);
            PipelineLog.Steps.LogInformation("{Problem} repetition {Repetition} IMP iteration {Iteration}: test accuracy {Accuracy:P2} at {Sparsity:P2} sparsity",
                Problem, Repetition, iteration, outcome.TestAccuracy, outcome.OverallSparsity);
            return outcome;
        });
    }

    private void Measure()
    {
        var session = _session!;
        int iteration = _iteration;
        var layerActors = new Dictionary<string, IActorRef>(_layerActors);
        var events = Context.System.EventStream;
        var plan = _assignment.Plan;
        string device = _lease!.Device;
        var iterationSpan = StartIterationSpan();
        _work.Start<IReadOnlyList<LayerSimilarity>>(Self, $"measuring similarity of IMP iteration {iteration}", token =>
        {
            using var probing = Traces.StartOnThisThread("probing", Traces.TraceParentOf(iterationSpan), [new("probe.images", plan.ProbeSize), new("layers", layerActors.Count)]);
            string? traceParent = Traces.TraceParentOf(probing);
            session.Probe(iteration, batch =>
            {
                events.Publish(new WorkProgress(plan.Problem, Repetition, iteration, "similarity", batch.Index + 1, batch.BatchCount, double.NaN, 0, device));
                var accepted = new List<Task>();
                try
                {
                    foreach (var layer in batch.Layers)
                        accepted.Add(layerActors[layer.Layer].Ask<LayerBatchAccumulated>(new AccumulateLayerBatch(iteration, layer, traceParent), LayerTimeout, token));
                }
                catch
                {
                    foreach (var layer in batch.Layers.Skip(accepted.Count)) layer.Dispose();
                    throw;
                }
                Task.WaitAll(accepted.ToArray(), token);
            }, token);
            var finished = session.Layers.Select(l => layerActors[l.Name].Ask<LayerSimilarity>(new FinishLayerProbe(iteration), LayerTimeout, token)).ToArray();
            Task.WaitAll(finished, token);
            return finished.Select(f => f.Result).ToList();
        });
    }

    /// <summary>The span of the current iteration (training and measurement), started once per iteration.</summary>
    private Activity? StartIterationSpan() => _iterationSpan ??= Traces.StartDetached("imp iteration", Traces.TraceParentOf(_repetitionSpan),
        tags: [new("problem", Problem), new("repetition", Repetition), new("iteration", _iteration), new("device", _lease?.Device)]);

    private void Fail(WorkFailed failed)
    {
        Traces.Fail(_iterationSpan, failed.Error);
        Traces.Fail(_repetitionSpan, failed.Error);
        _lease = DeviceFaults.ReportIfDeviceFault(_devicePool, _lease, failed.Error);
        _log.Error(failed.Error, "{0} repetition {1}: {2} failed", Problem, Repetition, failed.Stage);
        throw new WorkFailedException(Repetition, failed.Stage, failed.Error);
    }

    private ActionProgress<TrainingProgress> ProgressReporter(int iteration, string stage)
    {
        var events = Context.System.EventStream;
        string problem = Problem, device = _lease!.Device;
        int repetition = Repetition;
        return new ActionProgress<TrainingProgress>(p =>
            events.Publish(new WorkProgress(problem, repetition, iteration, stage, p.Epoch, p.Epochs, p.TestAccuracy, p.ImagesPerSecond, device)));
    }

    internal static SimilarityOptions SimilarityOptionsFor(Plans.ProblemPlan plan) => new()
    {
        Metrics = SimilarityMetrics.Parse(string.Join(",", plan.Metrics)),
        VarianceFraction = plan.VarianceFraction,
    };
}
