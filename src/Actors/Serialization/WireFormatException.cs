namespace ActorPipeline.Actors.Serialization;

/// <summary>A message from another node that cannot be read: an unknown manifest (the node runs another release) or an empty payload.</summary>
public sealed class WireFormatException(string message) : Exception(message);
