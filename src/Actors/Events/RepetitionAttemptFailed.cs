namespace ActorPipeline.Actors.Events;

/// <summary>An attempt at a repetition (or, with repetition -1, at the dense training) failed; it will be retried if attempts remain.</summary>
public sealed record RepetitionAttemptFailed(string Problem, int Repetition, int Attempt, string Error) : IPipelineEvent;
