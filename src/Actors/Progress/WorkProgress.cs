using Akka.Actor;

namespace ActorPipeline.Actors.Progress;

/// <summary>
/// Published on the event stream while work runs (never persisted): the terminal display and telemetry
/// subscribe. Repetition -1 and iteration 0 mean the dense training; an empty device means none is leased yet.
/// </summary>
public sealed record WorkProgress(string Problem, int Repetition, int Iteration, string Stage, int Epoch, int Epochs, double TestAccuracy, double ImagesPerSecond, string Device) : INoSerializationVerificationNeeded
{
    public const int DenseRepetition = -1;
    public const string WaitingForDevice = "waiting for a device";
}

/// <summary>A worker (or the dense trainer, repetition -1) stopped: whatever it last reported is over.</summary>
public sealed record WorkEnded(string Problem, int Repetition) : INoSerializationVerificationNeeded;

/// <summary>Published by a problem supervisor after each recorded step: the same fold of the journal `sweep status` prints.</summary>
public sealed record ProblemProgress(string Problem, bool DenseDone, int StepsDone, int StepsTotal, int FailedRepetitions, bool Finished) : INoSerializationVerificationNeeded;

/// <summary>An artifact of a problem's work could not be written; the work starts again after <paramref name="RetryIn"/> (no attempt is counted).</summary>
public sealed record StorageFaultReported(string Problem, string Path, string Error, TimeSpan RetryIn) : INoSerializationVerificationNeeded;
