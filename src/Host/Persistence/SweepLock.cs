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
    private readonly HeldAdvisoryLock? _advisory;

    private SweepLock(IReadOnlyList<IDisposable> held, HeldAdvisoryLock? advisory = null)
    {
        _held = held;
        _advisory = advisory;
    }

    /// <summary>
    /// Lines about the database lock (lost with its session, taken again) go to <paramref name="notice"/>; if another
    /// process took it meanwhile, <paramref name="takenByAnother"/> gets the holder, once: the sweep must stop.
    /// </summary>
    public void Watch(Action<string> notice, Action<string> takenByAnother)
    {
        if (_advisory is null) return;
        _advisory.OnNotice(notice);
        _advisory.TakenByAnother.ContinueWith(taken => takenByAnother(taken.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    public static SweepLock Acquire(JournalSettings journal, string sweepFolder, string sweepId)
    {
        if (journal.ProviderName is not (JournalSettings.SqliteProvider or JournalSettings.PostgreSqlProvider))
            throw new ArgumentException($"Unknown journal provider {journal.ProviderName}.");
        var folderLock = SweepFileLock.Acquire(sweepFolder, sweepId);
        if (journal.ProviderName == JournalSettings.SqliteProvider) return new SweepLock([folderLock]);
        try
        {
            var advisory = SweepAdvisoryLock.Acquire(journal.ConnectionString, sweepId);
            return new SweepLock([folderLock, advisory], advisory);
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
