namespace ActorPipeline.Actors.Events;

/// <summary>An attempt at a problem's dense training failed; it will be retried if attempts remain.</summary>
public sealed record DenseAttemptFailed(string Problem, int Attempt, string Error) : IPipelineEvent;
