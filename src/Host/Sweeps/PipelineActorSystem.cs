using ActorPipeline.Actors.Serialization;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Host.Persistence;
using Akka.Actor;
using Akka.Configuration;

namespace ActorPipeline.Host.Sweeps;

/// <summary>The actor system of one CLI run: the sweep's journal, the event serializer, the similarity dispatcher, warnings-only logging.</summary>
public static class PipelineActorSystem
{
    public static ActorSystem Create(JournalSettings journal, string name = "actorpipeline")
    {
        var config = ConfigurationFactory.ParseString("""
                akka {
                  loglevel = WARNING
                  stdout-loglevel = WARNING
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  actor.ask-timeout = infinite
                  coordinated-shutdown.run-by-clr-shutdown-hook = off
                }
                """)
            .WithFallback(ConfigurationFactory.ParseString(PipelineEventSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(SimilarityDispatcher.Hocon))
            .WithFallback(journal.ToHocon());
        return ActorSystem.Create(name, config);
    }
}
