namespace ActorPipeline.Actors.Events;

/// <summary>Every repetition of a problem finished or was given up on.</summary>
public sealed record ProblemCompleted(string Problem, int SucceededRepetitions, int FailedRepetitions, string? Error) : IPipelineEvent;
