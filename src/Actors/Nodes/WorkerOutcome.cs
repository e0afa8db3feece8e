namespace ActorPipeline.Actors.Nodes;

/// <summary>Why one membership of a worker in the cluster ended.</summary>
public abstract record WorkerOutcome(string Reason)
{
    /// <summary>The sweep is complete: the worker exits 0.</summary>
    public sealed record SweepComplete(string Reason) : WorkerOutcome(Reason);

    /// <summary>The node cannot serve the sweep (data, folder, devices): the worker exits with the reason.</summary>
    public sealed record Refused(string Reason) : WorkerOutcome(Reason);

    /// <summary>The node lost the coordinator (it left, crashed, or this node was downed): the worker joins again.</summary>
    public sealed record CoordinatorLost(string Reason) : WorkerOutcome(Reason);
}
