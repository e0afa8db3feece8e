using ActorPipeline.Actors.Events;
using Akka.Actor;

namespace ActorPipeline.Actors.Progress;

/// <summary>
/// A problem's event is in the journal: published on the coordinator's event stream after each record, so that observers
/// (the live page) follow the sweep without reading the journal again.
/// </summary>
public sealed record RecordedEventNotice(string Problem, IPipelineEvent Event) : INoSerializationVerificationNeeded;
