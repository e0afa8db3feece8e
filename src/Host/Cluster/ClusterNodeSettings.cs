using ActorPipeline.Actors.Nodes;
using ActorPipeline.Host.Cluster.Tls;

namespace ActorPipeline.Host.Cluster;

/// <summary>
/// How one process takes part in the cluster: where it listens, the address it is reached at (the listen host unless
/// --public-host says otherwise, e.g. behind NAT or in a container), its role, and the seed it joins (the coordinator;
/// the coordinator joins itself). Split-brain resolution is keep-oldest on the coordinator role: the side without the
/// coordinator downs itself, and the coordinator stays up even when every worker is gone (down-if-alone off). With
/// <see cref="Tls"/> every link is mutual TLS against the cluster's CA (and addresses are akka.ssl.tcp).
/// </summary>
public sealed record ClusterNodeSettings(ClusterEndpoint Listen, string? PublicHost, string Role, ClusterEndpoint? Seed)
{
    /// <summary>The node's certificate and its cluster's CA; null: clear text (loopback, or --insecure).</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>Akka's transport scheme: every node of a cluster must use the same one.</summary>
    public string Protocol => Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    /// <summary>How long an unreachable node may stay silent before it is taken as lost (a busy GPU host pauses; keep this generous).</summary>
    public static readonly TimeSpan HeartbeatPause = TimeSpan.FromSeconds(8);

    /// <summary>How long the membership must be stable before the split-brain resolver downs unreachable nodes.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(7);

    public string AdvertisedHost => PublicHost ?? Listen.Host;

    /// <summary>HOST:PORT as other nodes reach this one (what workers pass to --join; the node's name).</summary>
    public string AdvertisedAddress => $"{AdvertisedHost}:{Listen.Port}";

    /// <summary>The largest message between nodes (a similarity report of a wide layer fits with room).</summary>
    public const long MaximumFrameBytes = 4 * 1024 * 1024;

    /// <summary>The seed this node joins: the coordinator (which joins itself).</summary>
    public string SeedAddress
    {
        get
        {
            var seed = Seed ?? new ClusterEndpoint(AdvertisedHost, Listen.Port);
            return $"{Protocol}://{ClusterRoles.SystemName}@{seed.Host}:{seed.Port}";
        }
    }

    /// <summary>
    /// The membership settings Akka.Cluster.Hosting 1.5.73 has no typed builder for: the split-brain resolver's strategy
    /// and timing, the failure detector's patience, and the role the singleton and its proxies live on.
    /// </summary>
    public string MembershipHocon() => $$"""
        akka.cluster {
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver {
            active-strategy = keep-oldest
            stable-after = {{(int)StableAfter.TotalSeconds}}s
            keep-oldest { down-if-alone = off, role = "{{ClusterRoles.Coordinator}}" }
          }
          failure-detector.acceptable-heartbeat-pause = {{(int)HeartbeatPause.TotalSeconds}}s
          singleton.role = "{{ClusterRoles.Coordinator}}"
          singleton-proxy.role = "{{ClusterRoles.Coordinator}}"
        }
        """;
}
