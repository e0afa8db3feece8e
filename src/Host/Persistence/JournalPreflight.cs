namespace ActorPipeline.Host.Persistence;

/// <summary>
/// Checks at start, before any actor runs, that the sweep's journal can be written: PostgreSQL answers and accepts the
/// login (<see cref="PostgreSqlJournalPreflight"/>), or the SQLite file and its folder are writable
/// (<see cref="SqliteJournalPreflight"/>). A failure is one <see cref="JournalUnavailableException"/> line; the whole
/// check ends within <see cref="Limit"/>, whatever the server or the file system does.
/// </summary>
public static class JournalPreflight
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static async Task CheckAsync(JournalSettings journal, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Limit);
        Task check = journal.ProviderName switch
        {
            JournalSettings.PostgreSqlProvider => PostgreSqlJournalPreflight.CheckAsync(journal.ConnectionString, ct, bounded.Token),
            JournalSettings.SqliteProvider => Task.Run(() => SqliteJournalPreflight.Check(journal.ConnectionString), CancellationToken.None),
            _ => throw new ArgumentException($"Unknown journal provider {journal.ProviderName}."),
        };
        // A file system that hangs (a dead network mount) can block a file call for ever: the check is abandoned, not awaited.
        if (await Task.WhenAny(check, Task.Delay(Limit, ct)) != check)
        {
            _ = check.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            ct.ThrowIfCancellationRequested();
            throw new JournalUnavailableException($"{journal.Description}: no answer within {Limit.TotalSeconds:0} s: is the server (or the file system holding it) reachable?");
        }
        await check;
    }
}
