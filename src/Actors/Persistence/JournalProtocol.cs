using ActorPipeline.Actors.Events;
using Akka.Actor;

namespace ActorPipeline.Actors.Persistence;

/// <summary>The journal of <paramref name="PersistenceId"/> is readable: every event recorded so far, in order. Sent at each (re)start.</summary>
public sealed record JournalReady(string PersistenceId, IReadOnlyList<IPipelineEvent> Events) : INoSerializationVerificationNeeded;

/// <summary>Asks the journal to record <paramref name="Event"/>; answered with <see cref="EventPersisted"/> carrying the same id.</summary>
public sealed record PersistEvent(long Id, IPipelineEvent Event) : INoSerializationVerificationNeeded;

public sealed record EventPersisted(long Id) : INoSerializationVerificationNeeded;

/// <summary>The journal could not be read or written (the database is away); it comes back by itself under a backoff.</summary>
public sealed record JournalUnavailable(string PersistenceId, string Reason) : INoSerializationVerificationNeeded;

/// <summary>Published when a journal of the sweep becomes unavailable (one per persistence id; <see cref="JournalWatch"/> makes one outage of them).</summary>
public sealed record JournalFault(string PersistenceId, DateTime Since, string Reason) : INoSerializationVerificationNeeded;

/// <summary>Published when that journal is readable again.</summary>
public sealed record JournalRecovered(string PersistenceId) : INoSerializationVerificationNeeded;

/// <summary>The sweep's journal is unavailable: published once per outage, with the first reason.</summary>
public sealed record JournalOutageStarted(DateTime Since, string Journal, string Reason) : INoSerializationVerificationNeeded;

/// <summary>Every journal of the sweep is back.</summary>
public sealed record JournalOutageEnded(DateTime Since, TimeSpan Duration) : INoSerializationVerificationNeeded;

/// <summary>The outage lasted longer than the sweep allows: the host stops (exit code 4); the same command resumes.</summary>
public sealed record JournalOutageLimitReached(DateTime Since, TimeSpan Limit, string Journal, string Reason) : INoSerializationVerificationNeeded;
