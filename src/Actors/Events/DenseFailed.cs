namespace ActorPipeline.Actors.Events;

/// <summary>A problem's dense training failed on every attempt: the problem ends without repetitions.</summary>
public sealed record DenseFailed(string Problem, int Attempts, string Error) : IPipelineEvent;
