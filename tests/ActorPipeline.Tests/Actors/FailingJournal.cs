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

    private static readonly ConcurrentDictionary<string, PlannedFailures> PlannedRejections = new();

    /// <summary>
    /// The next <paramref name="times"/> writes under <paramref name="persistenceId"/> of an event <paramref name="matches"/> picks are
    /// rejected (the journal answers, but refuses that write, as for a sequence number another writer took); the other writes of
    /// the batch are recorded.
    /// </summary>
    public static void RejectWrites(string persistenceId, Func<object, bool> matches, int times = 1) =>
        PlannedRejections[persistenceId] = new PlannedFailures(matches, times);

    private static readonly ConcurrentDictionary<string, int> Outages = new();
    private static readonly ConcurrentDictionary<string, int> Recoveries = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> RecoveryTimes = new();

    /// <summary>The clock recovery attempts are stamped with (a test scheduler's, for backoff tests).</summary>
    public static Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>When each recovery of <paramref name="persistenceId"/> was attempted, by <see cref="Clock"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> RecoveryTimesOf(string persistenceId) =>
        RecoveryTimes.TryGetValue(persistenceId, out var times) ? times.ToList() : [];

    /// <summary>The database of <paramref name="persistenceId"/> goes away: every read and write fails until <see cref="Restore"/>.</summary>
    public static void TakeDown(string persistenceId) => Outages[persistenceId] = 1;

    public static void Restore(string persistenceId) => Outages.TryRemove(persistenceId, out _);

    /// <summary>How many times a recovery of <paramref name="persistenceId"/> was attempted (failed ones included).</summary>
    public static int RecoveryAttempts(string persistenceId) => Recoveries.GetValueOrDefault(persistenceId);

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        Recoveries.AddOrUpdate(persistenceId, 1, (_, n) => n + 1);
        RecoveryTimes.GetOrAdd(persistenceId, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(Clock());
        return Outages.ContainsKey(persistenceId)
            ? Task.FromException<long>(new IOException($"injected outage: the journal of {persistenceId} is unreachable (connection refused)"))
            : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        if (writes.FirstOrDefault(w => Outages.ContainsKey(w.PersistenceId)) is { } down)
            return Task.FromException<IImmutableList<Exception>>(new IOException($"injected outage: the journal of {down.PersistenceId} is unreachable (connection refused)"));
        foreach (var write in writes)
            if (Planned.TryGetValue(write.PersistenceId, out var failures)
                && ((IEnumerable<IPersistentRepresentation>)write.Payload).Any(p => failures.TakeOne(p.Payload)))
                return Task.FromException<IImmutableList<Exception>>(new IOException($"injected journal fault writing {write.PersistenceId}"));
        var rejected = writes.Select(w => PlannedRejections.TryGetValue(w.PersistenceId, out var rejections)
            && ((IEnumerable<IPersistentRepresentation>)w.Payload).Any(p => rejections.TakeOne(p.Payload))).ToList();
        return rejected.Contains(true) ? WriteAllBut(writes, rejected, cancellationToken) : base.WriteMessagesAsync(writes, cancellationToken);
    }

    /// <summary>Records the writes not <paramref name="rejected"/>; the answer has an exception in the place of each rejected one.</summary>
    private async Task<IImmutableList<Exception>> WriteAllBut(List<AtomicWrite> writes, List<bool> rejected, CancellationToken cancellationToken)
    {
        var recorded = await base.WriteMessagesAsync(writes.Where((_, i) => !rejected[i]).ToList(), cancellationToken);
        int next = 0;
        return writes.Select((write, i) => rejected[i]
            ? new InvalidOperationException($"injected rejection of a write to {write.PersistenceId}: sequence number {write.LowestSequenceNr} is taken")
            : recorded?[next++]).ToImmutableList()!;
    }
}
