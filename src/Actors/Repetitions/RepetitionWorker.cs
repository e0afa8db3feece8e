using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Runs one seeded IMP repetition on a leased device, one step at a time: train iteration k, then measure it
/// (probe batches streamed to one <see cref="SimilarityActor"/> per layer, its children, batch k+1 computed once
/// every layer has taken batch k), reporting each step to its parent and waiting until it is persisted before
/// going on. No thread ever waits on another actor: asks are piped back as messages. A failure is reported as
/// <see cref="RepetitionErrorReport"/> and the worker stops, which gives its device lease back.
/// </summary>
public sealed class RepetitionWorker : ReceiveActor
{
    private static readonly TimeSpan LayerTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Every layer's actor has taken probe batch <see cref="Index"/>.</summary>
    private sealed record ProbeBatchTaken(int Index);

    private readonly RepetitionAssignment _assignment;
    private readonly IActorRef _devicePool;
    private readonly IExperimentCompute _compute;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BackgroundWork _work = new();
    private readonly Dictionary<string, IActorRef> _layerActors = new();
    private DeviceLeased? _lease;
    private ComputeLane? _lane; // kept past a device fault (which ends the lease): the session is disposed on it
    private IRepetitionSession? _session;
    private Task<IRepetitionSession>? _opening;
    private int _iteration;
    private Activity? _iterationSpan;
    private Activity? _probingSpan;
    private Activity? _waitingSpan;

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
        // The assignment's trace parent is the attempt's "repetition" span, started by its supervisor (maybe on another node).
        Publish(WorkProgress.WaitingForDevice, 0, 0, double.NaN, 0, "");
        // Waiting for the node's device is its own span: in Jaeger a queued repetition must not read as a slow one.
        _waitingSpan = Traces.StartDetached("waiting for a device", _assignment.TraceParent, tags: [new("node", _assignment.Node)]);
        _devicePool.Tell(new LeaseDevice($"{Problem} repetition {Repetition}"));
    }

    protected override void PostStop()
    {
        _work.Dispose();
        // The session's tensors are freed on the lane they were made on, after whatever of ours still runs there.
        var session = _session;
        var lane = _lane;
        if (session is not null) lane!.Post(session.Dispose);
        // Stopped while the repetition was opening: its result never arrives here, so dispose it where it lands.
        else _opening?.ContinueWith(opened => lane!.Post(opened.Result.Dispose), TaskContinuationOptions.OnlyOnRanToCompletion);
        if (_lease is not null) _devicePool.Tell(new ReleaseDevice(_lease.LeaseId));
        _waitingSpan?.Stop();
        _probingSpan?.Stop();
        _iterationSpan?.Stop();
        Context.System.EventStream.Publish(new WorkEnded(Problem, Repetition));
    }

    private void WaitingForDevice()
    {
        Receive<DeviceLeased>(lease =>
        {
            _lease = lease;
            _lane = lease.Lane;
            _waitingSpan?.SetTag("device", lease.Device);
            _waitingSpan?.Stop();
            _waitingSpan = null;
            var plan = _assignment.Plan;
            Become(Working);
            Publish("opening the repetition", 0, 0, double.NaN, 0, lease.Device);
            _opening = _work.Start(Self, lease.Lane, "opening the repetition", _ => _compute.OpenRepetition(plan, _assignment.DenseFolder, Repetition, _assignment.Folder, lease.Device));
        });
        Receive<NoDeviceLeft>(none => Fail(new WorkFailed("leasing a device", new InvalidOperationException(none.Reason))));
    }

    private void Working()
    {
        Receive<WorkDone<IRepetitionSession>>(opened =>
        {
            _session = opened.Result;
            var options = _assignment.Plan.Similarity();
            foreach (var layer in _session.Layers)
                _layerActors[layer.Name] = Context.ActorOf(SimilarityActor.Props(layer, options), $"similarity-{layer.Name}");
            if (_assignment.Start.MeasureOnly) StartMeasurement(); else TrainOrFinish();
        });
        Receive<WorkDone<IterationOutcome>>(trained =>
        {
            _iterationSpan?.SetTag("sparsity.conv", trained.Result.ConvSparsity);
            _iterationSpan?.SetTag("sparsity.fc", trained.Result.FcSparsity);
            _iterationSpan?.SetTag("sparsity.overall", trained.Result.OverallSparsity);
            _iterationSpan?.SetTag("test.accuracy", trained.Result.TestAccuracy);
            Context.Parent.Tell(new IterationTrainedReport(Repetition, trained.Result));
            Become(() => AwaitingRecord(StartMeasurement));
        });
        Receive<WorkDone<ProbeBatchTaken>>(taken =>
        {
            int batches = _session!.ProbeBatches, next = taken.Result.Index + 1;
            Publish("similarity", next, batches, double.NaN, 0, _lease!.Device);
            if (next < batches) SendProbeBatch(next); else FinishMeasurement();
        });
        Receive<WorkDone<IReadOnlyList<LayerSimilarity>>>(measured =>
        {
            _probingSpan?.Stop();
            _probingSpan = null;
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
            Context.Parent.Tell(new RepetitionDoneReport(Repetition));
            return;
        }
        var session = _session!;
        int iteration = _iteration;
        var progress = ProgressReporter(iteration, "training");
        var span = StartIterationSpan();
        _work.Start(Self, _lane!, $"training IMP iteration {iteration}", token =>
        {
            Activity.Current = span; // the pruning and training spans of the Ml code nest under the iteration
            var outcome = session.TrainIteration(iteration, progress, token);
            PipelineLog.Steps.LogInformation("{Problem} repetition {Repetition} IMP iteration {Iteration}: test accuracy {Accuracy:P2} at {Sparsity:P2} sparsity",
                Problem, Repetition, iteration, outcome.TestAccuracy, outcome.OverallSparsity);
            return outcome;
        });
    }

    private void StartMeasurement()
    {
        var iterationSpan = StartIterationSpan();
        _probingSpan = Traces.StartDetached("probing", Traces.TraceParentOf(iterationSpan),
            tags: [new("probe.images", _assignment.Plan.ProbeSize), new("layers", _layerActors.Count)]);
        Publish("similarity", 0, _session!.ProbeBatches, double.NaN, 0, _lease!.Device);
        SendProbeBatch(0);
    }

    /// <summary>Computes probe batch <paramref name="index"/> on a background thread and hands each layer to its actor; its index comes back once every layer took it.</summary>
    private void SendProbeBatch(int index)
    {
        var session = _session!;
        int iteration = _iteration;
        var layerActors = new Dictionary<string, IActorRef>(_layerActors);
        string? traceParent = Traces.TraceParentOf(_probingSpan);
        _work.StartAsync(Self, _lane!, $"measuring similarity of IMP iteration {iteration}", async token =>
        {
            var layers = session.Probe(iteration, index);
            if (token.IsCancellationRequested)
            {
                // The worker (and the layer actors, its children) stopped meanwhile: nobody would dispose these.
                foreach (var layer in layers) layer.Dispose();
                token.ThrowIfCancellationRequested();
            }
            var replies = layers.Select(layer => layerActors[layer.Layer].Ask<ILayerProbeReply>(
                new AccumulateLayerBatch(iteration, index, layer, traceParent), LayerTimeout, token)).ToList();
            Require(await Task.WhenAll(replies));
            return new ProbeBatchTaken(index);
        });
    }

    private void FinishMeasurement()
    {
        int iteration = _iteration;
        var replies = _session!.Layers.Select(layer => _layerActors[layer.Name].Ask<ILayerProbeReply>(new FinishLayerProbe(iteration), LayerTimeout, _work.Token)).ToList();
        BackgroundWork.Pipe(Measured(replies), Self, $"measuring similarity of IMP iteration {iteration}");

        static async Task<IReadOnlyList<LayerSimilarity>> Measured(List<Task<ILayerProbeReply>> replies) =>
            Require(await Task.WhenAll(replies)).Cast<LayerMeasured>().Select(m => m.Similarity).ToList();
    }

    private static ILayerProbeReply[] Require(ILayerProbeReply[] replies) => replies.OfType<LayerProbeFailed>().FirstOrDefault() switch
    {
        null => replies,
        { Deterministic: true } failed => throw new Ml.DeterministicFailureException(failed.Error),
        var failed => throw new InvalidOperationException(failed.Error),
    };

    /// <summary>The span of the current iteration (training and measurement), started once per iteration.</summary>
    private Activity? StartIterationSpan() => _iterationSpan ??= Traces.StartDetached("imp iteration", _assignment.TraceParent,
        tags: [new("problem", Problem), new("repetition", Repetition), new("iteration", _iteration), new("node", _assignment.Node), new("device", _lease?.Device)]);

    private void Fail(WorkFailed failed)
    {
        Traces.Fail(_probingSpan, failed.Error);
        Traces.Fail(_iterationSpan, failed.Error);
        _lease = DeviceFaults.ReportIfDeviceFault(_devicePool, _lease, failed.Error);
        _log.Error(failed.Error, "{0} repetition {1}: {2} failed", Problem, Repetition, failed.Stage);
        Context.Parent.Tell(StorageFaults.Find(failed.Error) is { } storage
            ? new StorageFaultReport(storage.FilePath, storage.Message)
            : new RepetitionErrorReport(Repetition, failed.Describe(), failed.IsDeterministic));
        Context.Stop(Self);
    }

    private void Publish(string stage, int step, int steps, double accuracy, double imagesPerSecond, string device) =>
        Context.System.EventStream.Publish(new WorkProgress(Problem, Repetition, _iteration, stage, step, steps, accuracy, imagesPerSecond, device));

    private ActionProgress<TrainingProgress> ProgressReporter(int iteration, string stage)
    {
        var events = Context.System.EventStream;
        string problem = Problem, device = _lease!.Device;
        int repetition = Repetition;
        return new ActionProgress<TrainingProgress>(p =>
            events.Publish(new WorkProgress(problem, repetition, iteration, stage, p.Epoch, p.Epochs, p.TestAccuracy, p.ImagesPerSecond, device)));
    }
}
