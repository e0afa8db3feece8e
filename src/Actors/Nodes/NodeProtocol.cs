using Akka.Actor;

namespace ActorPipeline.Actors.Nodes;

/// <summary>Published by a node agent while it is not part of a sweep: the terminal shows why it waits.</summary>
public sealed record NodeWaiting(string Reason) : INoSerializationVerificationNeeded;

/// <summary>Published by a node agent once the coordinator took it in.</summary>
public sealed record NodeJoined(string SweepId) : INoSerializationVerificationNeeded;

/// <summary>The node cannot serve the sweep (its data copy differs, every device failed): the agent stops; the host exits with this reason.</summary>
public sealed record NodeRefused(string Reason) : INoSerializationVerificationNeeded;
