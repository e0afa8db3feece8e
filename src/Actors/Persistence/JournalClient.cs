using ActorPipeline.Actors.Events;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Persistence;

/// <summary>
/// An actor's side of its <see cref="EventJournal"/> child: records events in order and runs each one's
/// continuation once it is persisted; while the journal is unavailable, events wait here (their number is bounded
/// by the workers, each of which waits for its step to be recorded before going on) and are sent again when it is
/// back, except those the replay shows were recorded after all, so nothing is persisted twice.
/// </summary>
internal sealed class JournalClient
{
    private readonly IActorRef _journal;
    private readonly string _persistenceId;
    private readonly EventStream _events;
    private readonly SortedDictionary<long, (IPipelineEvent Event, Action<IPipelineEvent> Then)> _pending = new();
    private long _nextId;
    private DateTime? _unavailableSince;

    public JournalClient(IActorContext context, string persistenceId, JournalBackoff backoff)
    {
        _persistenceId = persistenceId;
        _events = context.System.EventStream;
        _journal = context.ActorOf(EventJournal.Props(persistenceId, context.Self, backoff), "journal");
    }

    /// <summary>The journal has been replayed and answers: new work may start.</summary>
    public bool IsReady { get; private set; }

    public int Pending => _pending.Count;

    /// <summary>Records <paramref name="event"/>, then runs <paramref name="then"/> (on the owner's thread).</summary>
    public void Record(IPipelineEvent @event, Action<IPipelineEvent> then)
    {
        long id = _nextId++;
        _pending[id] = (@event, then);
        if (IsReady) _journal.Tell(new PersistEvent(id, @event));
    }

    /// <summary>
    /// The journal (re)started; the owner has folded <see cref="JournalReady.Events"/> into its state already.
    /// Waiting events that the replay holds are done; the others are sent again, in their order.
    /// </summary>
    public void OnReady(Func<IPipelineEvent, bool> isRecorded)
    {
        IsReady = true;
        if (_unavailableSince is not null) _events.Publish(new JournalRecovered(_persistenceId));
        _unavailableSince = null;
        foreach (var (id, (@event, then)) in _pending.ToList())
        {
            if (isRecorded(@event))
            {
                _pending.Remove(id);
                then(@event);
            }
            else _journal.Tell(new PersistEvent(id, @event));
        }
    }

    public void OnPersisted(EventPersisted persisted)
    {
        if (_pending.Remove(persisted.Id, out var entry)) entry.Then(entry.Event);
    }

    public void OnUnavailable(JournalUnavailable unavailable)
    {
        IsReady = false;
        if (_unavailableSince is not null) return;
        _unavailableSince = DateTime.UtcNow;
        _events.Publish(new JournalFault(_persistenceId, _unavailableSince.Value, unavailable.Reason));
    }
}
