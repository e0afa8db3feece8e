using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>A dense trainer's result; the supervisor persists it, then stops the trainer.</summary>
public sealed record DenseTrainingFinished(DenseOutcome Outcome);

/// <summary>A dense training attempt failed (the trainer stops after sending this); <paramref name="Error"/> names the stage and the cause.</summary>
public sealed record DenseTrainingFailed(string Error);

/// <summary>A worker finished training an iteration; answered with <see cref="StepRecorded"/> once persisted.</summary>
public sealed record IterationTrainedReport(int Repetition, IterationOutcome Outcome);

/// <summary>A worker measured every layer of an iteration; answered with <see cref="StepRecorded"/> once persisted.</summary>
public sealed record SimilarityReport(int Repetition, int Iteration, IReadOnlyList<LayerSimilarity> Layers);

/// <summary>The supervisor has persisted the step: the worker may go on.</summary>
public sealed record StepRecorded(int Repetition, int Iteration);

/// <summary>Every iteration of the repetition is recorded.</summary>
public sealed record RepetitionFinished(int Repetition);

/// <summary>An attempt at a repetition failed (the worker stops after sending this); <paramref name="Error"/> names the stage and the cause.</summary>
public sealed record RepetitionAttemptEnded(int Repetition, string Error);

/// <summary>
/// An artifact of the work could not be written (a full disk, a read-only folder): the storage's fault, not the work's.
/// The worker stops after sending this; the work is started again after a backoff without counting an attempt.
/// </summary>
public sealed record StorageFaulted(string Path, string Error);
