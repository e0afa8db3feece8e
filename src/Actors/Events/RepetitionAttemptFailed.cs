namespace ActorPipeline.Actors.Events;

/// <summary>An attempt at a repetition failed (the work's fault); it will be retried if attempts remain.</summary>
public sealed record RepetitionAttemptFailed(string Problem, int Repetition, int Attempt, string Error) : IPipelineEvent;
