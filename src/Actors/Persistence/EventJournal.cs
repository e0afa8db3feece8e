using ActorPipeline.Actors.Events;
using Akka.Actor;
using Akka.Pattern;
using Akka.Persistence;

namespace ActorPipeline.Actors.Persistence;

/// <summary>
/// The journal of one persistence id, and nothing else: it replays the recorded events to its owner
/// (<see cref="JournalReady"/>) and records new ones on request. Kept apart from the actors that decide, so that a
/// database outage stops only this actor (Akka stops a persistent actor whose write or replay failed): its owner
/// and the workers keep running, waiting; a <see cref="BackoffSupervisor"/> starts it again after 1 s, 2 s, … 30 s
/// until the database answers, and the owner re-sends what is not recorded yet.
/// </summary>
public sealed class EventJournal : ReceivePersistentActor
{
    private readonly IActorRef _owner;
    private readonly List<IPipelineEvent> _replayed = new();

    public EventJournal(string persistenceId, IActorRef owner)
    {
        PersistenceId = persistenceId;
        _owner = owner;
        Recover<IPipelineEvent>(_replayed.Add);
        Recover<RecoveryCompleted>(_ =>
        {
            _owner.Tell(new JournalReady(PersistenceId, _replayed.ToList()));
            _replayed.Clear();
            // The database answered: the next outage starts its backoff at the minimum again.
            Context.Parent.Tell(BackoffSupervisor.Reset.Instance);
        });
        // Async: events requested while a write is on its way go together in the next one (one round trip and commit
        // for many workers' steps), still in order and each confirmed once; a failed write stops this actor as before.
        Command<PersistEvent>(request => PersistAsync(request.Event, _ => _owner.Tell(new EventPersisted(request.Id))));
    }

    public override string PersistenceId { get; }

    /// <summary>A journal that backs off: started (and after every stop, started again) by a backoff supervisor.</summary>
    public static Props Props(string persistenceId, IActorRef owner, JournalBackoff backoff) =>
        BackoffSupervisor.Props(Backoff.OnStop(
                Akka.Actor.Props.Create(() => new EventJournal(persistenceId, owner)), "journal", backoff.Min, backoff.Max, randomFactor: 0.1, maxNrOfRetries: -1)
            .WithManualReset());

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _owner.Tell(new JournalUnavailable(PersistenceId, JournalFaults.Describe(reason)));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _owner.Tell(new JournalUnavailable(PersistenceId, JournalFaults.Describe(cause)));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // A rejected write (e.g. a sequence number another writer took) leaves this incarnation's numbering wrong: start over from the journal.
        _owner.Tell(new JournalUnavailable(PersistenceId, JournalFaults.Describe(cause)));
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }
}

/// <summary>How a journal comes back after an outage: the first restart after <see cref="Min"/>, doubling to <see cref="Max"/>.</summary>
public sealed record JournalBackoff(TimeSpan Min, TimeSpan Max)
{
    public static JournalBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based), without the backoff supervisor's jitter.</summary>
    public TimeSpan Delay(int attempt) => new Plans.RetryPolicy { MinBackoff = Min, MaxBackoff = Max }.Backoff(attempt);
}
