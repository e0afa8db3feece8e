using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// An <see cref="IExperimentCompute"/> that trains nothing: the dense training and every IMP iteration return
/// fixed outcomes at once, a session has <see cref="Layers"/> and <see cref="ProbeBatches"/> batches of tiny,
/// seeded activations (<see cref="FakeActivations"/>). Every call is recorded in order (thread-safe) and told to
/// <paramref name="observer"/> when one is given; a call can be scripted to fail (<see cref="FailWhen"/>) or to
/// block until the test lets it go (<see cref="Hold"/>).
/// </summary>
internal sealed class FakeCompute(IActorRef? observer = null) : IExperimentCompute
{
    public static IReadOnlyList<ProbeLayer> Layers { get; } = [new("conv1", 0), new("fc1", 1)];

    public const int ProbeBatches = 3;

    private readonly Lock _lock = new();
    private readonly List<ComputeCall> _calls = [];
    private readonly ConcurrentDictionary<ComputeCall, ManualResetEventSlim> _holds = new();
    private Func<ComputeCall, int, Exception?> _fault = (_, _) => null;
    private Func<ComputeCall, bool> _nonFinite = _ => false;
    private Func<ComputeCall, string, bool> _collapsed = (_, _) => false;

    /// <summary>Every call so far, in the order they were made.</summary>
    public IReadOnlyList<ComputeCall> Calls
    {
        get { lock (_lock) return _calls.ToList(); }
    }

    public int CountOf(ComputeCall call)
    {
        lock (_lock) return _calls.Count(c => c == call);
    }

    /// <summary>Sessions opened and not yet disposed (workers dispose theirs in the background once they stop).</summary>
    public int OpenSessions
    {
        get { lock (_lock) return _calls.Count(c => c.Step == ComputeStep.OpenRepetition) - _calls.Count(c => c.Step == ComputeStep.CloseRepetition); }
    }

    /// <summary><paramref name="fault"/>(call, how many times this very call has been made, from 1) returns the exception the call throws, or null.</summary>
    public FakeCompute FailWhen(Func<ComputeCall, int, Exception?> fault)
    {
        _fault = fault;
        return this;
    }

    /// <summary>The probe calls <paramref name="probe"/> picks return pruned activations that are all NaN (a diverged network).</summary>
    public FakeCompute NonFiniteActivationsWhen(Func<ComputeCall, bool> probe)
    {
        _nonFinite = probe;
        return this;
    }

    /// <summary>In the probe calls and layers <paramref name="layer"/> picks, the pruned network's activations are all zero (a collapsed layer).</summary>
    public FakeCompute CollapsedLayerWhen(Func<ComputeCall, string, bool> layer)
    {
        _collapsed = layer;
        return this;
    }

    /// <summary><paramref name="call"/> (every time it is made) blocks after being recorded until the returned event is set, or its work is cancelled.</summary>
    public ManualResetEventSlim Hold(ComputeCall call) => _holds.GetOrAdd(call, _ => new ManualResetEventSlim());

    public static DenseOutcome DenseResult(string folder) => new(Path.Combine(folder, "final.pt"), Path.Combine(folder, "rewind.pt"), Epochs: 2, TestAccuracy: 0.9);

    /// <summary>Iteration <paramref name="iteration"/>'s outcome: distinct per repetition and iteration, so a mixed-up report shows.</summary>
    public static IterationOutcome IterationResult(int repetition, int iteration) => new(iteration,
        ConvSparsity: 1 - Math.Pow(0.9, iteration), FcSparsity: 1 - Math.Pow(0.8, iteration), OverallSparsity: 1 - Math.Pow(0.85, iteration),
        TestAccuracy: 0.9 - 0.01 * iteration - 0.001 * repetition, Epochs: 1);

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        Perform(ComputeCall.TrainDense(plan.Problem), cancellation);
        var outcome = DenseResult(folder);
        progress?.Report(new TrainingProgress("dense training", outcome.Epochs, outcome.Epochs, outcome.TestAccuracy, ImagesPerSecond: 1000));
        return outcome;
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device)
    {
        Perform(ComputeCall.OpenRepetition(plan.Problem, repetition), CancellationToken.None);
        return new FakeRepetitionSession(this, plan.Problem, repetition);
    }

    /// <summary>Records <paramref name="call"/>, then holds or fails it as scripted.</summary>
    internal void Perform(ComputeCall call, CancellationToken cancellation)
    {
        int made;
        lock (_lock)
        {
            _calls.Add(call);
            made = _calls.Count(c => c == call);
        }
        observer?.Tell(call);
        if (_holds.TryGetValue(call, out var hold)) hold.Wait(cancellation);
        if (_fault(call, made) is { } error) throw error;
    }

    internal bool NonFinite(ComputeCall probe) => _nonFinite(probe);

    internal bool Collapsed(ComputeCall probe, string layer) => _collapsed(probe, layer);
}
