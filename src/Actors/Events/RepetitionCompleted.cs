namespace ActorPipeline.Actors.Events;

/// <summary>Every iteration of a repetition is trained and measured.</summary>
public sealed record RepetitionCompleted(string Problem, int Repetition) : IPipelineEvent;
