using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// What a worker tells its assignment's runner. Node-local: the runner passes it on to the supervisor as an
/// <see cref="AssignmentReport"/> (<see cref="WorkReportWire"/>), and the supervisor reads it back into one of these.
/// </summary>
public interface IWorkReport : INoSerializationVerificationNeeded
{
    /// <summary>After this report the worker's attempt is over (finished or failed).</summary>
    bool EndsAttempt => true;
}

/// <summary>
/// The attempt failed (the work's fault, or a bug): counted as an attempt and retried after a backoff, unless it is
/// <see cref="Deterministic"/> (the same step would fail the same way again): then it is recorded as failed at once.
/// </summary>
public interface IAttemptFailure : IWorkReport
{
    string Error { get; }

    bool Deterministic => false;
}

/// <summary>The worker stopped without a report of its own (it threw: a bug, never a failure of the work): the attempt failed.</summary>
public sealed record WorkerCrashReport(string Error) : IAttemptFailure;

/// <summary>A dense trainer's result; the supervisor persists it, then stops the trainer.</summary>
public sealed record DenseTrainedReport(DenseOutcome Outcome) : IWorkReport;

/// <summary>A dense training attempt failed (the trainer stops after sending this); <paramref name="Error"/> names the stage and the cause.</summary>
public sealed record DenseErrorReport(string Error, bool Deterministic = false) : IAttemptFailure;

/// <summary>A worker finished training an iteration; answered with <see cref="StepRecorded"/> once persisted.</summary>
public sealed record IterationTrainedReport(int Repetition, IterationOutcome Outcome) : IWorkReport
{
    bool IWorkReport.EndsAttempt => false;
}

/// <summary>A worker measured every layer of an iteration; answered with <see cref="StepRecorded"/> once persisted.</summary>
public sealed record SimilarityReport(int Repetition, int Iteration, IReadOnlyList<LayerSimilarity> Layers) : IWorkReport
{
    /// <summary>Where and how the probe batches were computed; null from a compute that does not say.</summary>
    public StepProvenance? Provenance { get; init; }

    bool IWorkReport.EndsAttempt => false;
}

/// <summary>Every iteration of the repetition is recorded.</summary>
public sealed record RepetitionDoneReport(int Repetition) : IWorkReport;

/// <summary>An attempt at a repetition failed (the worker stops after sending this); <paramref name="Error"/> names the stage and the cause.</summary>
public sealed record RepetitionErrorReport(int Repetition, string Error, bool Deterministic = false) : IAttemptFailure;

/// <summary>
/// An artifact of the work could not be written (a full disk, a read-only folder): the storage's fault, not the work's.
/// The worker stops after sending this; the work is started again after a backoff without counting an attempt.
/// </summary>
public sealed record StorageFaultReport(string Path, string Error) : IWorkReport;
