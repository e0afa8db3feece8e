namespace ActorPipeline.Actors.Observers;

/// <summary>The terminal's lines about a journal outage, the same whether it happens while the sweep reads its journal at start or while it runs.</summary>
public static class JournalOutageLines
{
    public static string Unavailable(DateTime since, string journal, string reason) =>
        $"journal unavailable since {since.ToLocalTime():HH:mm:ss} ({journal}: {reason}), retrying";

    public static string Available(TimeSpan duration) => $"journal available again after {duration.TotalSeconds:F0} s; the sweep goes on";
}
