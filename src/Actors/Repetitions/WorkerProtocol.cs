using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Similarity;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>A dense trainer's result; the supervisor persists it, then stops the trainer.</summary>
public sealed record DenseTrainingFinished(DenseOutcome Outcome);

/// <summary>A worker finished training an iteration; answered with <see cref="StepRecorded"/> once persisted.</summary>
public sealed record IterationTrainedReport(int Repetition, IterationOutcome Outcome);

/// <summary>A worker measured every layer of an iteration; answered with <see cref="StepRecorded"/> once persisted.</summary>
public sealed record SimilarityReport(int Repetition, int Iteration, IReadOnlyList<LayerSimilarity> Layers);

/// <summary>The supervisor has persisted the step: the worker may go on.</summary>
public sealed record StepRecorded(int Repetition, int Iteration);

/// <summary>Every iteration of the repetition is recorded.</summary>
public sealed record RepetitionFinished(int Repetition);

/// <summary>What a worker throws so that its supervisor knows which repetition failed and why.</summary>
public sealed class WorkFailedException(int repetition, string stage, Exception inner)
    : Exception($"{stage} failed: {inner.GetType().Name}: {inner.Message}", inner)
{
    public int Repetition { get; } = repetition;
    public string Stage { get; } = stage;
}
