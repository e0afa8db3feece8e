namespace ActorPipeline.Actors.Events;

/// <summary>A journal entry that cannot be read back: an unknown manifest (a newer release wrote it) or an empty payload.</summary>
public sealed class JournalFormatException(string message) : Exception(message);
