using Akka.Actor;

namespace ActorPipeline.Actors.Sweeps;

/// <summary>
/// Published on its node's event stream when a <see cref="SweepCoordinator"/> starts: the process that hosts it as the
/// cluster singleton learns the coordinator itself (not its proxy: a proxy cannot be watched) without looking it up.
/// </summary>
public sealed record CoordinatorStarted(IActorRef Coordinator) : INoSerializationVerificationNeeded;
