using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Cluster.Tls;
using ActorPipeline.Host.Persistence;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// The pieces every ActorPipeline actor system is made of, as Akka.Hosting builder steps: each process (sweep, cluster
/// coordinator, worker, journal reader, coordinator bench) composes the ones it needs in <see cref="PipelineHost"/>.
/// Where Akka.Hosting has no typed builder for a setting, the HOCON is added through <c>AddHocon</c> at that one spot.
/// </summary>
public static class PipelineAkka
{
    /// <summary>Settings without a typed builder: a long sweep asks with its own timeouts, dead letters after a
    /// stopped worker are expected (not news), and the host, not the CLR exit hook, runs the coordinated shutdown.</summary>
    public const string ProcessDefaultsHocon = """
        akka {
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.ask-timeout = infinite
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary>No silent fallback to Akka's Newtonsoft serializer (which writes CLR type names): a message without a
    /// binding fails loudly instead of crossing the wire in a format nobody reviewed. No typed builder exists for it.</summary>
    public const string StrictBindingsHocon = "akka.actor.serialization-settings.allow-unregistered-types = off";

    public static AkkaConfigurationBuilder WithProcessDefaults(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(ProcessDefaultsHocon, HoconAddMode.Prepend);

    /// <summary>The two string-manifest serializers: journal events and the messages that cross nodes (Actors/Wire).</summary>
    public static AkkaConfigurationBuilder WithPipelineSerializers(this AkkaConfigurationBuilder builder) => builder
        .WithCustomSerializer("pipeline-events", [typeof(IPipelineEvent)], system => new PipelineEventSerializer(system))
        .WithCustomSerializer("pipeline-wire", [typeof(IWireMessage)], system => new WireSerializer(system))
        .AddHocon(StrictBindingsHocon, HoconAddMode.Prepend);

    /// <summary>The similarity actors' thread pool (Akka.Hosting has no typed builder for dispatchers).</summary>
    public static AkkaConfigurationBuilder WithSimilarityThreads(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(SimilarityThreadPool.Hocon, HoconAddMode.Prepend);

    /// <summary>Akka's own log: to the sweep's log file when given, else warnings to the terminal (or nothing when quiet).</summary>
    public static AkkaConfigurationBuilder WithPipelineLogging(this AkkaConfigurationBuilder builder, string? logFile, bool quiet = false) =>
        builder.ConfigureLoggers(loggers =>
        {
            if (logFile is not null)
            {
                loggers.ClearLoggers();
                loggers.LogLevel = LogLevel.InfoLevel;
                loggers.AddLogger<SweepLogFile>();
                // Where SweepLogFile writes: read from its config key, as a logger gets nothing else at construction.
                builder.AddHocon($"{SweepLogFile.PathKey} = \"{logFile.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"\nakka.stdout-loglevel = OFF", HoconAddMode.Prepend);
            }
            else
            {
                loggers.LogLevel = quiet ? LogLevel.ErrorLevel : LogLevel.WarningLevel;
                builder.AddHocon(quiet ? "akka { loglevel = OFF, stdout-loglevel = OFF }" : "akka.stdout-loglevel = WARNING", HoconAddMode.Prepend);
            }
        });

    /// <summary>
    /// The sweep's journal and snapshot store on Akka.Persistence.Sql (SQLite file or PostgreSQL), through its hosting
    /// package's typed builder. The tables are created on first use.
    /// </summary>
    public static AkkaConfigurationBuilder WithSweepJournal(this AkkaConfigurationBuilder builder, JournalSettings journal) =>
        builder.WithSqlPersistence(connectionString: journal.ConnectionString, providerName: journal.ProviderName, autoInitialize: true);

    /// <summary>
    /// Remoting and cluster membership on the node's address, its role and seed. Split-brain resolution is keep-oldest on
    /// the coordinator role (see <see cref="ClusterNodeSettings"/>); the resolver's and failure detector's timings have no
    /// typed builder in Akka.Cluster.Hosting 1.5.73 and are HOCON (<see cref="ClusterNodeSettings.MembershipHocon"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithClusterNode(this AkkaConfigurationBuilder builder, ClusterNodeSettings node) => builder
        .WithRemoting(new RemoteOptions
        {
            HostName = node.Listen.Host,
            Port = node.Listen.Port,
            PublicHostName = node.AdvertisedHost,
            MaxFrameSize = ClusterNodeSettings.MaximumFrameBytes,
            EnableSsl = node.Tls is not null,
            Ssl = node.Tls is { } tls
                ? new SslOptions
                {
                    X509Certificate = tls.NodeCertificate,
                    RequireMutualAuthentication = true,
                    // Nodes are known by their cluster CA, not their host names (SLURM and containers move them); the
                    // validator pins the CA and reports each refused peer.
                    ValidateCertificateHostname = false,
                    SuppressValidation = false,
                    CustomValidator = tls.Validator,
                }
                : null!, // Akka.Remote.Hosting writes no ssl section for a null option
        })
        .WithClustering(new ClusterOptions
        {
            Roles = [node.Role],
            SeedNodes = [node.SeedAddress],
            LogInfo = false,
        })
        .AddHocon(node.MembershipHocon(), HoconAddMode.Prepend)
        .WithActors((system, _) =>
        {
            if (node.Tls is { } tls) system.ActorOf(TlsHandshakeWatch.Props(tls.Refusals), "tls-handshake-watch");
        });
}
