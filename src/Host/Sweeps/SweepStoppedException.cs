namespace ActorPipeline.Host.Sweeps;

/// <summary>The sweep stopped before it finished, for a reason outside its work; <see cref="ExitCode"/> tells the shell which.</summary>
public sealed class SweepStoppedException(string message, int exitCode) : Exception(message)
{
    /// <summary>The journal was unavailable for longer than the sweep allows.</summary>
    public const int JournalOutageExitCode = 4;

    /// <summary>The coordinator stopped without answering (a bug or a fatal error; see the log).</summary>
    public const int CoordinatorStoppedExitCode = 5;

    public int ExitCode { get; } = exitCode;
}
