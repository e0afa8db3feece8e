using Akka.Configuration;
using ActorPipeline.Actors.Nodes;

namespace ActorPipeline.Host.Cluster;

/// <summary>
/// How one process takes part in the cluster: where it listens, the address it is reached at (the listen host unless
/// --public-host says otherwise, e.g. behind NAT or in a container), its role, and the seed it joins (the coordinator;
/// the coordinator joins itself). Split-brain resolution is keep-oldest on the coordinator role: the side without the
/// coordinator downs itself, and the coordinator stays up even when every worker is gone (down-if-alone off).
/// </summary>
public sealed record ClusterNodeSettings(ClusterEndpoint Listen, string? PublicHost, string Role, ClusterEndpoint? Seed)
{
    /// <summary>How long an unreachable node may stay silent before it is taken as lost (a busy GPU host pauses; keep this generous).</summary>
    public static readonly TimeSpan HeartbeatPause = TimeSpan.FromSeconds(8);

    /// <summary>How long the membership must be stable before the split-brain resolver downs unreachable nodes.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(7);

    public string AdvertisedHost => PublicHost ?? Listen.Host;

    /// <summary>HOST:PORT as other nodes reach this one (what workers pass to --join; the node's name).</summary>
    public string AdvertisedAddress => $"{AdvertisedHost}:{Listen.Port}";

    public Config ToHocon()
    {
        var seed = Seed ?? new ClusterEndpoint(AdvertisedHost, Listen.Port);
        return ConfigurationFactory.ParseString($$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{Listen.Host}}"
                public-hostname = "{{AdvertisedHost}}"
                port = {{Listen.Port}}
                maximum-frame-size = 4 MiB
              }
              cluster {
                roles = ["{{Role}}"]
                seed-nodes = ["akka.tcp://{{ClusterRoles.SystemName}}@{{seed.Host}}:{{seed.Port}}"]
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-oldest
                  stable-after = {{(int)StableAfter.TotalSeconds}}s
                  keep-oldest { down-if-alone = off, role = "{{ClusterRoles.Coordinator}}" }
                }
                failure-detector.acceptable-heartbeat-pause = {{(int)HeartbeatPause.TotalSeconds}}s
                singleton.role = "{{ClusterRoles.Coordinator}}"
                singleton-proxy.role = "{{ClusterRoles.Coordinator}}"
                log-info = off
              }
            }
            """);
    }
}
