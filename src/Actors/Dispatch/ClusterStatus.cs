using Akka.Actor;

namespace ActorPipeline.Actors.Dispatch;

/// <summary>
/// The nodes of the sweep, what each runs and since when, and the nodes lost: published by the dispatcher on its node's
/// event stream after its changes (the coordinator's terminal shows it, nodes.json keeps it for `sweep status`).
/// </summary>
public sealed record DispatchStatus(IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<LostNode> Lost, int Queued, DateTime At) : INoSerializationVerificationNeeded;

public sealed record NodeStatus(string Name, IReadOnlyList<string> Devices, int SlotsPerDevice, DateTime JoinedAt, IReadOnlyList<RunningWork> Running);

public sealed record RunningWork(string AssignmentId, string Problem, int Repetition, DateTime Since);

public sealed record LostNode(string Name, DateTime At, int AssignmentsRequeued);
