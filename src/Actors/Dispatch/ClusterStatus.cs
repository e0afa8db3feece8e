using Akka.Actor;

namespace ActorPipeline.Actors.Dispatch;

/// <summary>
/// The nodes of the sweep, what each runs and since when, the nodes lost and the nodes refused: published by the
/// dispatcher on its node's event stream after its changes (the coordinator's terminal shows it, nodes.json keeps it for
/// `sweep status`).
/// </summary>
public sealed record DispatchStatus(IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<LostNode> Lost, int Queued, DateTime At) : INoSerializationVerificationNeeded
{
    /// <summary>Nodes that registered but cannot serve the sweep (wrong folder, wrong data, another release), with why; absent from an older nodes.json.</summary>
    public IReadOnlyList<RefusedNode> Refused { get; init; } = [];
}

public sealed record NodeStatus(string Name, IReadOnlyList<string> Devices, int SlotsPerDevice, DateTime JoinedAt, IReadOnlyList<RunningWork> Running);

public sealed record RunningWork(string AssignmentId, string Problem, int Repetition, DateTime Since);

/// <summary>A node that was running (or could have run) work and went away: its assignments went back to the queue.</summary>
public sealed record LostNode(string Name, DateTime At, int AssignmentsRequeued);

/// <summary>A node that registered, checked the sweep and declined it: it never ran anything, and says why.</summary>
public sealed record RefusedNode(string Name, DateTime At, string Reason);
