using ActorPipeline.Actors.Serialization;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Host.Persistence;
using Akka.Actor;
using Akka.Configuration;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Persistence;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// The actor system of one CLI run: the sweep's journal, the serializers (journal events, remote messages), the similarity dispatcher, and
/// Akka's log: to <paramref name="logFile"/> when given (a sweep: sweep.log in its folder), else warnings to the terminal.
/// </summary>
public static class PipelineActorSystem
{
    /// <param name="journal">The sweep's journal; null for a process that records nothing (a worker node).</param>
    /// <param name="cluster">Makes the system a cluster node (remoting on its address, the role, the seed); null: one process.</param>
    public static ActorSystem Create(JournalSettings? journal, string name = ClusterRoles.SystemName, string? logFile = null, bool quiet = false,
        ClusterNodeSettings? cluster = null)
    {
        var logging = logFile is null
            ? quiet ? "akka { loglevel = OFF, stdout-loglevel = OFF }" : "akka { loglevel = WARNING, stdout-loglevel = WARNING }"
            : $$"""
              akka { loglevel = INFO, stdout-loglevel = OFF, loggers = ["{{typeof(SweepLogFile).AssemblyQualifiedName}}"] }
              {{SweepLogFile.PathKey}} = "{{logFile.Replace("\\", "\\\\").Replace("\"", "\\\"")}}"
              """;
        var config = ConfigurationFactory.ParseString(logging).WithFallback(ConfigurationFactory.ParseString("""
                akka {
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  actor.ask-timeout = infinite
                  coordinated-shutdown.run-by-clr-shutdown-hook = off
                }
                """))
            .WithFallback(ConfigurationFactory.ParseString(PipelineEventSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(RemoteMessageSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(SimilarityDispatcher.Hocon));
        if (journal is not null) config = config.WithFallback(journal.ToHocon());
        // The singleton's own serializer bindings (hand-over between coordinator nodes) come with its default config; with
        // unregistered types refused they must be there from the start.
        if (cluster is not null) config = cluster.ToHocon().WithFallback(config).WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
        return ActorSystem.Create(name, config);
    }
}
