using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Wire;
using Akka.Configuration;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// Actor systems for the actor tests: the similarity thread pool and the serializers the pipeline needs (journal events,
/// wire messages; no fallback for unbound types, as in the host), Akka.Persistence's in-memory journal (one per actor
/// system, so per test), messages not serialized.
/// </summary>
internal static class ActorTestConfig
{
    internal const string InMemoryPersistence = """
        akka.actor.serialize-messages = off
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    public static Config Default { get; } = ConfigurationFactory.ParseString(SimilarityThreadPool.Hocon)
        .WithFallback(ConfigurationFactory.ParseString(PipelineEventSerializer.Hocon))
        .WithFallback(ConfigurationFactory.ParseString(WireSerializer.Hocon))
        .WithFallback(ConfigurationFactory.ParseString(InMemoryPersistence));

    /// <summary>Time stands still until a test advances <see cref="Akka.TestKit.TestScheduler"/>: backoffs without waiting.</summary>
    public static Config WithTestScheduler { get; } = ConfigurationFactory
        .ParseString("""akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """)
        .WithFallback(Default);

    /// <summary>The in-memory journal with writes failing on request (<see cref="FailingJournal"/>).</summary>
    public static Config WithFailingJournal { get; } = ConfigurationFactory.ParseString($$"""
        akka.persistence.journal.plugin = "akka.persistence.journal.failing"
        akka.persistence.journal.failing {
          class = "{{typeof(FailingJournal).AssemblyQualifiedName}}"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """).WithFallback(Default);
}
