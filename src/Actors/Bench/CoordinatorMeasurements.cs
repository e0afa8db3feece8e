using Akka.Actor;
using System.Collections.Concurrent;

namespace ActorPipeline.Actors.Bench;

/// <summary>What the benchmark's taps see, from any thread: nodes joined, steps persisted per problem, and the two latencies.</summary>
public sealed class CoordinatorMeasurements(OfferClock offers)
{
    private readonly ConcurrentDictionary<string, int> _stepsPersisted = new();
    private int _nodesJoined;
    private int _stepsRecordedReceived;
    private int _assignmentsWithoutOffer;

    public OfferClock Offers { get; } = offers;

    /// <summary>From offer (or from the moment the receiving node had a free slot, when that was later) to the node receiving <see cref="Actors.Wire.AssignWork"/>.</summary>
    public LatencySamples Assignment { get; } = new();

    /// <summary>From a worker's step report leaving its node to the supervisor's <see cref="Actors.Wire.StepRecorded"/> arriving there.</summary>
    public LatencySamples StepRecord { get; } = new();

    public int NodesJoined => Volatile.Read(ref _nodesJoined);

    /// <summary><see cref="Actors.Wire.StepRecorded"/> answers that reached the nodes (each step is answered once in a fresh sweep).</summary>
    public int StepsRecordedReceived => Volatile.Read(ref _stepsRecordedReceived);

    /// <summary>Assignments whose offer the <see cref="OfferClock"/> did not see (none, unless the supervisor's span changed).</summary>
    public int AssignmentsWithoutOffer => Volatile.Read(ref _assignmentsWithoutOffer);

    /// <summary>Iterations trained and measured that the supervisors persisted, as their progress events last said.</summary>
    public int StepsPersisted => _stepsPersisted.Values.Sum();

    public void NodeJoined() => Interlocked.Increment(ref _nodesJoined);

    public void StepRecordedReceived() => Interlocked.Increment(ref _stepsRecordedReceived);

    public void AssignmentWithoutOffer() => Interlocked.Increment(ref _assignmentsWithoutOffer);

    public void Progress(string problem, int repetitionStepsPersisted) =>
        _stepsPersisted.AddOrUpdate(problem, repetitionStepsPersisted, (_, before) => Math.Max(before, repetitionStepsPersisted));

    /// <summary>
    /// Starts a <see cref="ProgressListener"/> subscribed before this returns: nodes created right after must not join
    /// unseen (subscribing in its PreStart raced them, and under load lost a few joins).
    /// </summary>
    public IActorRef ListenTo(ActorSystem system)
    {
        var listener = system.ActorOf(ProgressListener.Props(this), "progress");
        system.EventStream.Subscribe(listener, typeof(Nodes.NodeJoined));
        system.EventStream.Subscribe(listener, typeof(Progress.ProblemProgress));
        return listener;
    }
}
