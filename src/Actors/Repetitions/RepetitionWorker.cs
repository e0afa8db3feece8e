using System.Collections.Immutable;
using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Runs one seeded IMP repetition on a leased device, one step at a time: train iteration k, then measure it, reporting
/// each step to its parent and waiting until it is persisted before going on. One style throughout: every step is a
/// message told to it, and it knows what it waits for (<see cref="Waiting"/>), so a stray or late message is ignored.
/// Blocking compute (opening, training, probing) runs on the slot's <see cref="ComputeLane"/> and tells its outcome back;
/// a measurement streams each probe batch to one <see cref="SimilarityActor"/> per layer (its children) and counts their
/// replies: batch k+1 is computed once every layer has taken batch k, and the measurement is finished once every layer
/// has answered. No thread waits on another actor. A failure is reported as <see cref="RepetitionErrorReport"/> (or
/// <see cref="StorageFaultReport"/>) and the worker stops, which gives its device lease back.
/// </summary>
public sealed class RepetitionWorker : ReceiveActor
{
    /// <summary>What the worker waits for next.</summary>
    private abstract record Waiting;
    private sealed record ForDevice : Waiting;
    private sealed record ForSession : Waiting;
    private sealed record ForTraining : Waiting;
    /// <summary>Its step of the current iteration (trained, or <paramref name="Measured"/>) to be recorded.</summary>
    private sealed record ForRecord(bool Measured) : Waiting;
    /// <summary>Probe batch <paramref name="Batch"/> to be handed to every layer (<paramref name="Sent"/>) and taken by every layer (<paramref name="Taken"/> have).</summary>
    private sealed record ForLayersToTake(int Batch, bool Sent, int Taken) : Waiting;
    /// <summary>Every layer's metrics; <paramref name="Measured"/> have come.</summary>
    private sealed record ForMeasurements(ImmutableDictionary<string, LayerSimilarity> Measured) : Waiting;
    /// <summary>Its attempt is over (done or failed): its runner stops it.</summary>
    private sealed record ForNothing : Waiting;

    /// <summary>The lane has handed probe batch <paramref name="Batch"/> to the layers' actors.</summary>
    private sealed record ProbeBatchSent(int Batch);

    private readonly RepetitionAssignment _assignment;
    private readonly IActorRef _devicePool;
    private readonly IExperimentCompute _compute;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BackgroundWork _work = new();
    private readonly Dictionary<string, IActorRef> _layerActors = new();
    private Waiting _waiting = new ForDevice();
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

        Receive<DeviceLeased>(_ => _waiting is ForDevice, OnLeased);
        Receive<NoDeviceLeft>(_ => _waiting is ForDevice, none => Fail(new WorkFailed("leasing a device", new InvalidOperationException(none.Reason))));
        Receive<WorkDone<IRepetitionSession>>(_ => _waiting is ForSession, opened => OnOpened(opened.Result));
        Receive<WorkDone<IterationOutcome>>(_ => _waiting is ForTraining, trained => OnTrained(trained.Result));
        Receive<StepRecorded>(recorded => _waiting is ForRecord && recorded.Iteration == _iteration, _ => OnRecorded(((ForRecord)_waiting).Measured));
        Receive<WorkDone<ProbeBatchSent>>(sent => _waiting is ForLayersToTake waiting && sent.Result.Batch == waiting.Batch, _ =>
        {
            var waiting = (ForLayersToTake)_waiting;
            OnProbeBatch(waiting with { Sent = true });
        });
        Receive<LayerBatchAccumulated>(taken => _waiting is ForLayersToTake waiting && taken.Iteration == _iteration && taken.Batch == waiting.Batch, _ =>
        {
            var waiting = (ForLayersToTake)_waiting;
            OnProbeBatch(waiting with { Taken = waiting.Taken + 1 });
        });
        Receive<LayerMeasured>(_ => _waiting is ForMeasurements, measured =>
        {
            var waiting = (ForMeasurements)_waiting;
            OnMeasurements(new ForMeasurements(waiting.Measured.SetItem(measured.Similarity.Layer, measured.Similarity)));
        });
        Receive<LayerProbeFailed>(failed => _waiting is ForLayersToTake or ForMeasurements && failed.Iteration == _iteration, failed =>
            Fail(new WorkFailed(MeasuringStage, failed.Deterministic ? new Ml.DeterministicFailureException(failed.Error) : new InvalidOperationException(failed.Error))));
        Receive<Terminated>(stopped => _layerActors.ContainsValue(stopped.ActorRef), stopped =>
            Fail(new WorkFailed(MeasuringStage, new InvalidOperationException($"the similarity actor {stopped.ActorRef.Path.Name} stopped"))));
        Receive<WorkFailed>(_ => _waiting is not ForNothing, Fail);
    }

    public static Props Props(RepetitionAssignment assignment, IActorRef devicePool, IExperimentCompute compute) =>
        Akka.Actor.Props.Create(() => new RepetitionWorker(assignment, devicePool, compute));

    private string Problem => _assignment.Plan.Problem;
    private int Repetition => _assignment.Repetition;
    private string MeasuringStage => $"measuring similarity of IMP iteration {_iteration}";

    /// <summary>A similarity actor that throws (a bug) is stopped, and its Terminated fails the attempt: no reply is waited for forever.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Stop));

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

    private void OnLeased(DeviceLeased lease)
    {
        _lease = lease;
        _lane = lease.Lane;
        _waitingSpan?.SetTag("device", lease.Device);
        _waitingSpan?.Stop();
        _waitingSpan = null;
        var plan = _assignment.Plan;
        _waiting = new ForSession();
        Publish("opening the repetition", 0, 0, double.NaN, 0, lease.Device);
        _opening = _work.Start(Self, lease.Lane, "opening the repetition", _ => _compute.OpenRepetition(plan, _assignment.DenseFolder, Repetition, _assignment.Folder, lease.Device));
    }

    private void OnOpened(IRepetitionSession session)
    {
        _session = session;
        var options = _assignment.Plan.Similarity();
        foreach (var layer in session.Layers)
            _layerActors[layer.Name] = Context.Watch(Context.ActorOf(SimilarityActor.Props(layer, options, _assignment.Plan.IntrinsicDimensions(), Repetition, _assignment.Plan.Compute()), $"similarity-{layer.Name}"));
        if (_assignment.Start.MeasureOnly) StartMeasurement(); else TrainOrFinish();
    }

    private void OnTrained(IterationOutcome outcome)
    {
        _iterationSpan?.SetTag("sparsity.conv", outcome.ConvSparsity);
        _iterationSpan?.SetTag("sparsity.fc", outcome.FcSparsity);
        _iterationSpan?.SetTag("sparsity.overall", outcome.OverallSparsity);
        _iterationSpan?.SetTag("test.accuracy", outcome.TestAccuracy);
        Context.Parent.Tell(new IterationTrainedReport(Repetition, outcome));
        _waiting = new ForRecord(Measured: false);
    }

    /// <summary>The supervisor recorded the step: measure the trained iteration, or go on to the next.</summary>
    private void OnRecorded(bool measured)
    {
        if (!measured)
        {
            StartMeasurement();
            return;
        }
        _iteration++;
        TrainOrFinish();
    }

    private void TrainOrFinish()
    {
        if (_iteration > _assignment.Plan.Iterations)
        {
            Context.Parent.Tell(new RepetitionDoneReport(Repetition));
            _waiting = new ForNothing();
            return;
        }
        var session = _session!;
        int iteration = _iteration;
        var progress = ProgressReporter(iteration, "training");
        var span = StartIterationSpan();
        _waiting = new ForTraining();
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

    /// <summary>
    /// Computes probe batch <paramref name="index"/> on the lane, which tells each layer to its actor (the tensors go from
    /// the lane straight to their consumer; a batch its actor never gets is disposed, see <see cref="UndeliveredBatches"/>)
    /// and then reports <see cref="ProbeBatchSent"/>. The layers' <see cref="LayerBatchAccumulated"/> replies come here, in
    /// any order with it.
    /// </summary>
    private void SendProbeBatch(int index)
    {
        var session = _session!;
        int iteration = _iteration;
        var layerActors = new Dictionary<string, IActorRef>(_layerActors);
        string? traceParent = Traces.TraceParentOf(_probingSpan);
        var self = Self;
        _waiting = new ForLayersToTake(index, Sent: false, Taken: 0);
        _work.Start(self, _lane!, MeasuringStage, token =>
        {
            var layers = session.Probe(iteration, index);
            int handed = 0;
            try
            {
                token.ThrowIfCancellationRequested(); // the worker (and the layer actors, its children) stopped meanwhile
                foreach (var layer in layers)
                {
                    layerActors[layer.Layer].Tell(new AccumulateLayerBatch(iteration, index, layer, traceParent), self);
                    handed++;
                }
            }
            finally
            {
                // Nobody else would dispose what was not handed over.
                foreach (var layer in layers.Skip(handed)) layer.Dispose();
            }
            return new ProbeBatchSent(index);
        });
    }

    /// <summary>The batch is done once it was handed to every layer and every layer has taken it (a network without probed layers takes it at once).</summary>
    private void OnProbeBatch(ForLayersToTake waiting)
    {
        if (!waiting.Sent || waiting.Taken < _layerActors.Count)
        {
            _waiting = waiting;
            return;
        }
        int batches = _session!.ProbeBatches, next = waiting.Batch + 1;
        Publish("similarity", next, batches, double.NaN, 0, _lease!.Device);
        if (next < batches) SendProbeBatch(next); else FinishMeasurement();
    }

    /// <summary>Every batch is taken: each layer computes its metrics (on its own dispatcher) and answers with <see cref="LayerMeasured"/>.</summary>
    private void FinishMeasurement()
    {
        foreach (var actor in _layerActors.Values) actor.Tell(new FinishLayerProbe(_iteration));
        OnMeasurements(new ForMeasurements(ImmutableDictionary<string, LayerSimilarity>.Empty));
    }

    /// <summary>Reports the measurement once every layer has answered (at once when no layer is probed).</summary>
    private void OnMeasurements(ForMeasurements waiting)
    {
        var measured = waiting.Measured;
        if (measured.Count < _layerActors.Count)
        {
            _waiting = waiting;
            return;
        }
        var layers = _session!.Layers.Select(l => measured[l.Name]).ToList(); // in the network's order
        _probingSpan?.Stop();
        _probingSpan = null;
        Context.Parent.Tell(new SimilarityReport(Repetition, _iteration, layers) { Provenance = _session.Provenance });
        foreach (var result in layers)
            if (result.Values.TryGetValue("svcca", out var svcca)) _iterationSpan?.SetTag($"svcca.{result.Layer}", svcca);
        _iterationSpan?.Stop();
        _iterationSpan = null;
        _waiting = new ForRecord(Measured: true);
    }

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
        _waiting = new ForNothing();
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
