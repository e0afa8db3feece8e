using ActorPipeline.Actors.Serialization;

namespace ActorPipeline.Actors.Dispatch;

// Between the problem supervisors and the dispatcher (both in the coordinator singleton).

/// <summary>A supervisor queues work; a node that pulls gets it. Answered with <see cref="WorkAssigned"/>, later maybe <see cref="AssignmentRevoked"/>.</summary>
public sealed record OfferWork(WorkOrder Order) : IRemoteMessage;

/// <summary>The supervisor no longer wants this work (its problem ended): dropped from the queue, or cancelled on its node.</summary>
public sealed record WithdrawWork(string AssignmentId) : IRemoteMessage;

/// <summary>The work left the queue for <paramref name="Node"/>.</summary>
public sealed record WorkAssigned(string AssignmentId, string Node) : IRemoteMessage;

/// <summary>The node running the assignment was lost: not the work's fault. The supervisor offers it again (new id).</summary>
public sealed record AssignmentRevoked(string AssignmentId, string Reason) : IRemoteMessage;

// Between node agents and the dispatcher.

/// <summary>What a node offers: its devices and slots. <paramref name="Name"/> is unique in the cluster (host:port).</summary>
public sealed record NodeDescription(string Name, IReadOnlyList<string> Devices, int SlotsPerDevice)
{
    public int Slots => Devices.Count * SlotsPerDevice;
}

/// <summary>A node agent introduces itself (again after the coordinator came back); answered with <see cref="NodeRegistered"/>.</summary>
public sealed record RegisterNode(NodeDescription Node) : IRemoteMessage;

/// <summary>The node is part of the sweep; it checks its data copy against <paramref name="DataChecksum"/> before it pulls.</summary>
public sealed record NodeRegistered(string SweepId, string DataChecksum) : IRemoteMessage;

/// <summary>
/// Work pulling: the node has <paramref name="FreeSlots"/> slots without work, counting every <see cref="AssignWork"/> it
/// has received (<paramref name="AssignmentsReceived"/>). Idempotent: the dispatcher subtracts the assignments still on
/// their way, so a repeated or late request never over-assigns a node.
/// </summary>
public sealed record RequestWork(int FreeSlots, long AssignmentsReceived) : IRemoteMessage;

/// <summary>The dispatcher does not know the sender (it restarted): register again.</summary>
public sealed record NodeUnknown : IRemoteMessage
{
    public static NodeUnknown Instance { get; } = new();
}

/// <summary>Run this work in one of the slots the node asked to fill.</summary>
public sealed record AssignWork(WorkOrder Order) : IRemoteMessage;

/// <summary>Stop this assignment; its reports are no longer wanted.</summary>
public sealed record CancelAssignment(string AssignmentId) : IRemoteMessage;

/// <summary>The node's runner of this assignment stopped (finished, failed or cancelled): its slot is free.</summary>
public sealed record AssignmentEnded(string AssignmentId) : IRemoteMessage;

/// <summary>Every problem of the sweep is finished: told to every node (a worker then exits), and published there on the event stream.</summary>
public sealed record SweepCompleted(string SweepId) : IRemoteMessage;
