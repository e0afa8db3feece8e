namespace ActorPipeline.Host.Persistence;

/// <summary>
/// The sweep's journal cannot be used (server away, refused login, missing database, read-only SQLite file): one line
/// that names the journal and what to fix, shown without a stack trace (exit code 2). Never contains a password.
/// </summary>
public sealed class JournalUnavailableException(string message, Exception? cause = null) : Exception(message, cause);
