using Akka.Actor;

namespace ActorPipeline.Actors.Dispatch;

// Between the problem supervisors and the dispatcher: both live in the coordinator (its singleton), so these never
// cross a node. What a node agent and the dispatcher say to each other is in Actors/Wire.

/// <summary>A supervisor queues work; a node that pulls gets it. Answered with <see cref="WorkAssigned"/>, later maybe <see cref="AssignmentRevoked"/>.</summary>
public sealed record OfferWork(WorkOrder Order) : INoSerializationVerificationNeeded;

/// <summary>The supervisor no longer wants this work (its problem ended): dropped from the queue, or cancelled on its node.</summary>
public sealed record WithdrawWork(string AssignmentId) : INoSerializationVerificationNeeded;

/// <summary>The work left the queue for <paramref name="Node"/>.</summary>
public sealed record WorkAssigned(string AssignmentId, string Node) : INoSerializationVerificationNeeded;

/// <summary>
/// The answer to the coordinator's <see cref="Wire.SweepCompleted"/>: every node on another machine has left (told the sweep
/// is complete), or the wait ended with <paramref name="StillThere"/>. Until then the coordinator keeps running, so no
/// worker sees its coordinator leave before it was told why (it would wait to join a sweep that is over).
/// </summary>
public sealed record NodesReleased(IReadOnlyList<string> StillThere) : INoSerializationVerificationNeeded;

/// <summary>The node running the assignment was lost: not the work's fault. The supervisor offers it again (new id).</summary>
public sealed record AssignmentRevoked(string AssignmentId, string Reason) : INoSerializationVerificationNeeded;
