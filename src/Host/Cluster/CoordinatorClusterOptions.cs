namespace ActorPipeline.Host.Cluster;

/// <summary>`sweep --cluster-listen`: the coordinator node's cluster settings, and the devices it computes on itself (none by default).</summary>
public sealed record CoordinatorClusterOptions(ClusterNodeSettings Node, IReadOnlyList<string> LocalDevices);
