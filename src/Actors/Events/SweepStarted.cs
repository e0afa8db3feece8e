namespace ActorPipeline.Actors.Events;

/// <summary>The coordinator accepted a sweep: its identity and problems.</summary>
public sealed record SweepStarted(string SweepId, IReadOnlyList<string> Problems) : IPipelineEvent;
