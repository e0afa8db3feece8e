namespace ActorPipeline.Actors.Wire;

/// <summary>
/// A message from another node that this node cannot read as it was meant: an unknown manifest or an empty payload, or a
/// plan that reads differently here (the other node runs another release).
/// </summary>
public sealed class WireFormatException(string message) : Exception(message);
