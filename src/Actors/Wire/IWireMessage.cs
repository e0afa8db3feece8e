namespace ActorPipeline.Actors.Wire;

/// <summary>
/// A message that may cross from one cluster node to another: bound to <see cref="WireSerializer"/> (JSON under a fixed,
/// versioned manifest). Only the records of this folder carry it, and they hold plain data (strings, numbers, lists of
/// them, actor refs): domain types are mapped to and from them where a message leaves or enters a node. Every other
/// message stays on its node and is <see cref="Akka.Actor.INoSerializationVerificationNeeded"/>.
/// </summary>
public interface IWireMessage;
