namespace ActorPipeline.Host.Persistence;

/// <summary>
/// One writer per sweep: held by `sweep` for its whole run, so that a second process on the same sweep stops at once
/// with a <see cref="SweepLockedException"/> naming the holder. Always an OS file lock in the sweep folder
/// (<see cref="SweepFileLock"/>); with a PostgreSQL journal also a session advisory lock on the sweep id
/// (<see cref="SweepAdvisoryLock"/>), which covers hosts that share the database but not the folder. Both die with
/// their process, so a killed run never blocks its restart. Readers (`sweep status`) never take it.
/// </summary>
public sealed class SweepLock : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _held;

    private SweepLock(IReadOnlyList<IDisposable> held) => _held = held;

    public static SweepLock Acquire(JournalSettings journal, string sweepFolder, string sweepId)
    {
        if (journal.ProviderName is not (JournalSettings.SqliteProvider or JournalSettings.PostgreSqlProvider))
            throw new ArgumentException($"Unknown journal provider {journal.ProviderName}.");
        var folderLock = SweepFileLock.Acquire(sweepFolder, sweepId);
        if (journal.ProviderName == JournalSettings.SqliteProvider) return new SweepLock([folderLock]);
        try
        {
            return new SweepLock([folderLock, SweepAdvisoryLock.Acquire(journal.ConnectionString, sweepId)]);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>The one line of a refusal, <paramref name="holder"/> being what is known of the holder.</summary>
    public static string Refusal(string sweepId, string holder) =>
        $"sweep {sweepId} is already running: held by {holder} (stop that process, or wait for it)";

    public void Dispose()
    {
        foreach (var held in _held.Reverse()) held.Dispose();
    }
}
