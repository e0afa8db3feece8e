namespace ActorPipeline.Ml.Data;

/// <summary>
/// CIFAR-10 could not be located or downloaded (no local copy, offline, corrupt download).
/// The message says what was tried and how to give a local copy instead.
/// </summary>
public sealed class Cifar10SourceException(string message, Exception? inner = null) : Exception(message, inner);
