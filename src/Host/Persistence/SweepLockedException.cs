namespace ActorPipeline.Host.Persistence;

/// <summary>
/// Another process already runs this sweep (it holds the sweep's lock): one line naming the holder, shown without a
/// stack trace (exit code 2).
/// </summary>
public sealed class SweepLockedException(string message) : Exception(message);
