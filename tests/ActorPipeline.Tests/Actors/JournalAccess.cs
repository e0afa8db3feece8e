using ActorPipeline.Actors.Events;
using Akka.Actor;
using Akka.Persistence;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// Reads and writes the events of one persistence id as the pipeline's persistent actors would: to pre-fill a
/// journal before an actor recovers from it, and to replay what an actor recorded. Use it only while no other
/// actor writes under the same id.
/// </summary>
internal static class JournalAccess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Appends <paramref name="events"/> under <paramref name="persistenceId"/>.</summary>
    public static async Task Write(ActorSystem system, string persistenceId, params IPipelineEvent[] events)
    {
        var journal = system.ActorOf(Props.Create(() => new EventLog(persistenceId)));
        try
        {
            await journal.Ask<EventLog.Appended>(new EventLog.Append(events), Timeout);
        }
        finally
        {
            system.Stop(journal);
        }
    }

    /// <summary>Every event recorded under <paramref name="persistenceId"/>, in journal order.</summary>
    public static async Task<IReadOnlyList<IPipelineEvent>> Read(ActorSystem system, string persistenceId)
    {
        var journal = system.ActorOf(Props.Create(() => new EventLog(persistenceId)));
        try
        {
            return await journal.Ask<List<IPipelineEvent>>(new EventLog.ReadAll(), Timeout);
        }
        finally
        {
            system.Stop(journal);
        }
    }

    /// <summary>Recovers the events of its persistence id; appends more on request.</summary>
    private sealed class EventLog : ReceivePersistentActor
    {
        public sealed record Append(IReadOnlyList<IPipelineEvent> Events);
        public sealed record Appended;
        public sealed record ReadAll;

        private readonly List<IPipelineEvent> _events = [];

        public EventLog(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<IPipelineEvent>(_events.Add);
            Command<Append>(append =>
            {
                var requester = Sender;
                if (append.Events.Count == 0)
                {
                    requester.Tell(new Appended());
                    return;
                }
                int written = 0;
                PersistAll(append.Events, e =>
                {
                    _events.Add(e);
                    if (++written == append.Events.Count) requester.Tell(new Appended());
                });
            });
            Command<ReadAll>(_ => Sender.Tell(_events.ToList()));
        }

        public override string PersistenceId { get; }
    }
}
