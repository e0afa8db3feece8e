using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// The in-memory journal, whose writes of chosen events fail (a journal fault: the database went away) a chosen
/// number of times. A failed write stops the persistent actor that made it, as a real outage does.
/// Failures are planned per persistence id, so tests running side by side (each with its own sweep id) never meet.
/// </summary>
public sealed class FailingJournal : MemoryJournal
{
    private sealed class PlannedFailures(Func<object, bool> matches, int times)
    {
        private int _remaining = times;

        public bool TakeOne(object payload) => matches(payload) && Interlocked.Decrement(ref _remaining) >= 0;
    }

    private static readonly ConcurrentDictionary<string, PlannedFailures> Planned = new();

    /// <summary>The next <paramref name="times"/> writes under <paramref name="persistenceId"/> of an event <paramref name="matches"/> picks fail.</summary>
    public static void FailWrites(string persistenceId, Func<object, bool> matches, int times = 1) =>
        Planned[persistenceId] = new PlannedFailures(matches, times);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        foreach (var write in writes)
            if (Planned.TryGetValue(write.PersistenceId, out var failures)
                && ((IEnumerable<IPersistentRepresentation>)write.Payload).Any(p => failures.TakeOne(p.Payload)))
                return Task.FromException<IImmutableList<Exception>>(new IOException($"injected journal fault writing {write.PersistenceId}"));
        return base.WriteMessagesAsync(writes, cancellationToken);
    }
}
