namespace ActorPipeline.Actors.Progress;

/// <summary>
/// Published on the event stream while work runs (never persisted): the terminal display and telemetry
/// subscribe. Repetition -1 and iteration 0 mean the dense training.
/// </summary>
public sealed record WorkProgress(string Problem, int Repetition, int Iteration, string Stage, int Epoch, int Epochs, double TestAccuracy, double ImagesPerSecond, string Device);

/// <summary>Published by a problem supervisor after each recorded step.</summary>
public sealed record ProblemProgress(string Problem, bool DenseDone, int StepsDone, int StepsTotal, int FailedRepetitions, bool Finished);
