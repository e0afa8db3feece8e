namespace ActorPipeline.Actors.Events;

/// <summary>A repetition failed on every attempt and is given up; the sweep goes on.</summary>
public sealed record RepetitionFailed(string Problem, int Repetition, int Attempts, string Error) : IPipelineEvent;
