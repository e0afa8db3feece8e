using System.Collections.Immutable;
using ActorPipeline.Actors.Events;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// What a problem's journal says has happened, folded from its events by the pure <see cref="Apply"/>: the dense
/// network, every recorded iteration and measurement, attempts and outcomes per repetition. The supervisor
/// decides its next steps from it, and `sweep status`, the live display and the results files are folds of the
/// same events, so all agree. Immutable, so it can travel in messages; duplicate events (a step recorded twice
/// around a crash) fold to the same state.
/// </summary>
public sealed record ProblemState(string Problem)
{
    public DenseTrained? Dense { get; init; }
    public string? DenseFailure { get; init; }
    public int DenseAttempts { get; init; }
    public string? DenseLastError { get; init; }
    public ImmutableSortedDictionary<int, RepetitionState> Repetitions { get; init; } = ImmutableSortedDictionary<int, RepetitionState>.Empty;

    /// <summary>Repetition <paramref name="repetition"/> as recorded (empty when nothing is).</summary>
    public RepetitionState Repetition(int repetition) => Repetitions.TryGetValue(repetition, out var state) ? state : new RepetitionState(repetition);

    public ProblemState Apply(IPipelineEvent @event) => @event switch
    {
        DenseTrained dense => this with { Dense = dense },
        DenseAttemptFailed attempt => this with { DenseAttempts = Math.Max(DenseAttempts, attempt.Attempt), DenseLastError = attempt.Error },
        DenseFailed failed => this with { DenseFailure = failed.Error },
        IterationTrained trained => With(trained.Repetition, r => r with { Trained = r.Trained.SetItem(trained.Iteration, trained) }),
        SimilarityMeasured measured => With(measured.Repetition, r => r with { Similarity = r.Similarity.SetItem(measured.Iteration, measured) }),
        RepetitionAttemptFailed attempt => With(attempt.Repetition, r => r with { Attempts = Math.Max(r.Attempts, attempt.Attempt), LastError = attempt.Error }),
        RepetitionFailed failed => With(failed.Repetition, r => r with { Failure = failed.Error }),
        RepetitionCompleted completed => With(completed.Repetition, r => r with { Completed = true }),
        _ => this,
    };

    /// <summary>Whether <paramref name="event"/> is already part of this state (recorded before, e.g. by a write whose answer was lost in an outage).</summary>
    public bool Holds(IPipelineEvent @event) => @event switch
    {
        DenseTrained => Dense is not null,
        DenseAttemptFailed attempt => DenseAttempts >= attempt.Attempt,
        DenseFailed => DenseFailure is not null,
        IterationTrained trained => Repetition(trained.Repetition).Trained.ContainsKey(trained.Iteration),
        SimilarityMeasured measured => Repetition(measured.Repetition).Similarity.ContainsKey(measured.Iteration),
        RepetitionAttemptFailed attempt => Repetition(attempt.Repetition).Attempts >= attempt.Attempt,
        RepetitionFailed => Repetition(((RepetitionFailed)@event).Repetition).Failure is not null,
        RepetitionCompleted completed => Repetition(completed.Repetition).Completed,
        _ => false,
    };

    public static ProblemState Fold(string problem, IEnumerable<IPipelineEvent> events) =>
        events.Aggregate(new ProblemState(problem), (state, e) => state.Apply(e));

    /// <summary>Recorded steps, as progress counts them: the dense training, then each iteration trained and each measured.</summary>
    public int StepsRecorded => (Dense is null ? 0 : 1) + Repetitions.Values.Sum(r => r.Trained.Count + r.Similarity.Count);

    public int CompletedRepetitions => Repetitions.Values.Count(r => r.Completed);

    public int FailedRepetitions => Repetitions.Values.Count(r => r.Failure is not null);

    /// <summary>Finished (completed or failed) once every planned repetition is, or the dense training failed.</summary>
    public bool IsFinished(int repetitions) =>
        DenseFailure is not null || Enumerable.Range(0, repetitions).All(r => Repetition(r).IsFinished);

    private ProblemState With(int repetition, Func<RepetitionState, RepetitionState> change) =>
        this with { Repetitions = Repetitions.SetItem(repetition, change(Repetition(repetition))) };
}
