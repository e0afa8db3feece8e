using ActorPipeline.Actors.Persistence;
namespace ActorPipeline.Actors.Sweeps;

/// <summary>The sweep stopped before it finished, for a reason outside its work; <see cref="ExitCode"/> tells the shell which.</summary>
public sealed class SweepStoppedException(string message, int exitCode) : Exception(message)
{
    /// <summary>The journal was unavailable for longer than the sweep allows.</summary>
    public const int JournalOutageExitCode = 4;

    /// <summary>The coordinator stopped without answering (a bug or a fatal error; see the log).</summary>
    public const int CoordinatorStoppedExitCode = 5;

    /// <summary>The node of this process left the sweep (every device failed, or its data differs from the sweep's).</summary>
    public const int NodeStoppedExitCode = 6;

    public int ExitCode { get; } = exitCode;

    /// <summary>The only node that could run the work left: exit 6, saying why; nothing was recorded as a failure of the work.</summary>
    public static SweepStoppedException NodeStopped(string reason) => new(
        $"this process can no longer compute: {reason}; everything recorded so far is kept (no work was recorded as failed for it): " +
        "fix the cause (e.g. the device, or --devices) and run the same command again to resume",
        NodeStoppedExitCode);

    /// <summary>
    /// The sweep's database lock was lost with its session (a database restart) and another process took it meanwhile:
    /// two writers must not run one sweep, so this one stops, exit 4 like any journal fault.
    /// </summary>
    public static SweepStoppedException LockTaken(string holder) => new(
        $"the sweep's database lock was lost while the database restarted, and {holder} took it meanwhile: this process stops so that one writer runs the sweep; " +
        "everything recorded so far is kept (stop the other process and run the same command again, or let it finish)",
        JournalOutageExitCode);

    /// <summary>The journal stayed unavailable past the limit: exit 4, with what was kept and how to go on.</summary>
    public static SweepStoppedException JournalOutage(DateTime since, TimeSpan limit, string journal, string reason) => new(
        $"the journal ({journal}) has been unavailable since {since.ToLocalTime():HH:mm:ss} ({reason}), longer than journal_outage_limit ({JournalOutageLimit.Format(limit)}); " +
        "everything recorded so far is kept: run the same command again once the database is back",
        JournalOutageExitCode);
}
