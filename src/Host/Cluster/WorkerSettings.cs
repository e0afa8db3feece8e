using ActorPipeline.Actors.Nodes;
namespace ActorPipeline.Host.Cluster;

/// <summary>A `worker` process: the cluster it joins, how it is reached, what it computes on, and where the shared sweep folder is mounted here.</summary>
public sealed record WorkerSettings(ClusterEndpoint Join, ClusterEndpoint Listen, string? PublicHost, IReadOnlyList<string> Devices, int SlotsPerDevice, string SweepRoot)
{
    public ClusterNodeSettings Cluster => new(Listen, PublicHost, ClusterRoles.Worker, Join);
}
