using ActorPipeline.Actors.Events;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// What a problem's journal says has happened: the dense network, every recorded iteration and measurement,
/// attempts and outcomes per repetition. The supervisor decides its next steps from it, and `sweep status`
/// and the results files are folds of the same events, so all three agree. Duplicate events (a step
/// recorded twice around a crash) fold to the same state.
/// </summary>
public sealed class ProblemState
{
    /// <summary>The repetition number used for the dense training in attempt events.</summary>
    public const int DenseRepetition = -1;

    private readonly SortedDictionary<int, RepetitionState> _repetitions = new();

    public ProblemState(string problem) => Problem = problem;

    public string Problem { get; }
    public DenseTrained? Dense { get; private set; }
    public string? DenseFailure { get; private set; }
    public int DenseAttempts { get; private set; }
    public IReadOnlyDictionary<int, RepetitionState> Repetitions => _repetitions;

    public RepetitionState Repetition(int repetition)
    {
        if (!_repetitions.TryGetValue(repetition, out var state)) _repetitions[repetition] = state = new RepetitionState(repetition);
        return state;
    }

    public void Apply(IPipelineEvent @event)
    {
        switch (@event)
        {
            case DenseTrained dense:
                Dense = dense;
                break;
            case IterationTrained trained:
                Repetition(trained.Repetition).Trained[trained.Iteration] = trained;
                break;
            case SimilarityMeasured measured:
                Repetition(measured.Repetition).Similarity[measured.Iteration] = measured;
                break;
            case RepetitionAttemptFailed { Repetition: DenseRepetition } attempt:
                DenseAttempts = Math.Max(DenseAttempts, attempt.Attempt);
                break;
            case RepetitionAttemptFailed attempt:
                var repetition = Repetition(attempt.Repetition);
                repetition.Attempts = Math.Max(repetition.Attempts, attempt.Attempt);
                repetition.LastError = attempt.Error;
                break;
            case RepetitionFailed { Repetition: DenseRepetition } failed:
                DenseFailure = failed.Error;
                break;
            case RepetitionFailed failed:
                Repetition(failed.Repetition).Failure = failed.Error;
                break;
            case RepetitionCompleted completed:
                Repetition(completed.Repetition).Completed = true;
                break;
        }
    }

    /// <summary>Recorded steps (an iteration trained, an iteration measured) over all repetitions.</summary>
    public int StepsRecorded => _repetitions.Values.Sum(r => r.Trained.Count + r.Similarity.Count);

    public int CompletedRepetitions => _repetitions.Values.Count(r => r.Completed);

    public int FailedRepetitions => _repetitions.Values.Count(r => r.Failure is not null);

    /// <summary>Finished (completed or failed) once every planned repetition is, or the dense training failed.</summary>
    public bool IsFinished(int repetitions) =>
        DenseFailure is not null || Enumerable.Range(0, repetitions).All(r => _repetitions.TryGetValue(r, out var s) && s.IsFinished);
}

/// <summary>One repetition as recorded so far.</summary>
public sealed class RepetitionState(int repetition)
{
    public int Repetition { get; } = repetition;
    public SortedDictionary<int, IterationTrained> Trained { get; } = new();
    public SortedDictionary<int, SimilarityMeasured> Similarity { get; } = new();
    public int Attempts { get; internal set; }
    public string? LastError { get; internal set; }
    public bool Completed { get; internal set; }
    public string? Failure { get; internal set; }
    public bool IsFinished => Completed || Failure is not null;

    /// <summary>The first step not yet recorded: train iteration k, or measure it when it is trained but not measured.</summary>
    public RepetitionStep NextStep(int iterations)
    {
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            if (!Trained.ContainsKey(iteration)) return new RepetitionStep(iteration, MeasureOnly: false);
            if (!Similarity.ContainsKey(iteration)) return new RepetitionStep(iteration, MeasureOnly: true);
        }
        return new RepetitionStep(iterations + 1, MeasureOnly: false);
    }
}

/// <summary>Where a repetition continues: at <see cref="Iteration"/>, skipping its training when only the measurement is missing.</summary>
public sealed record RepetitionStep(int Iteration, bool MeasureOnly);
