using ActorPipeline.Actors.Nodes;
using ActorPipeline.Host.Cluster.Tls;
namespace ActorPipeline.Host.Cluster;

/// <summary>A `worker` process: the cluster it joins, how it is reached, what it computes on, and where the shared sweep folder is mounted here.</summary>
public sealed record WorkerSettings(ClusterEndpoint Join, ClusterEndpoint Listen, string? PublicHost, IReadOnlyList<string> Devices, int SlotsPerDevice, string SweepRoot)
{
    /// <summary>Mutual TLS against the cluster's CA (`--tls`); null: clear text.</summary>
    public ClusterTls? Tls { get; init; }

    public ClusterNodeSettings Cluster => new(Listen, PublicHost, ClusterRoles.Worker, Join) { Tls = Tls };
}
