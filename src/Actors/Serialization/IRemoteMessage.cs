namespace ActorPipeline.Actors.Serialization;

/// <summary>
/// A message that may cross from one cluster node to another: bound to <see cref="RemoteMessageSerializer"/>
/// (JSON under a fixed manifest). Messages that never leave their node (tensors, background results, journal
/// plumbing) are <see cref="Akka.Actor.INoSerializationVerificationNeeded"/> instead.
/// </summary>
public interface IRemoteMessage;
