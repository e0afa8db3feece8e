using ActorPipeline.Actors.Serialization;

namespace ActorPipeline.Actors.Dispatch;

/// <summary>
/// The nodes of the sweep, what each runs and since when, and the nodes lost; also published on the event stream at
/// every change (the host writes it to nodes.json for `sweep status`).
/// </summary>
public sealed record DispatchStatus(IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<LostNode> Lost, int Queued, DateTime At) : IRemoteMessage;

public sealed record NodeStatus(string Name, IReadOnlyList<string> Devices, int SlotsPerDevice, DateTime JoinedAt, IReadOnlyList<RunningWork> Running);

public sealed record RunningWork(string AssignmentId, string Problem, int Repetition, DateTime Since);

public sealed record LostNode(string Name, DateTime At, int AssignmentsRequeued);
