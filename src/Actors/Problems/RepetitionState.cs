using System.Collections.Immutable;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;

namespace ActorPipeline.Actors.Problems;

/// <summary>One repetition as recorded so far (part of <see cref="ProblemState"/>).</summary>
public sealed record RepetitionState(int Repetition)
{
    public ImmutableSortedDictionary<int, IterationTrained> Trained { get; init; } = ImmutableSortedDictionary<int, IterationTrained>.Empty;
    public ImmutableSortedDictionary<int, SimilarityMeasured> Similarity { get; init; } = ImmutableSortedDictionary<int, SimilarityMeasured>.Empty;
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public bool Completed { get; init; }
    public string? Failure { get; init; }
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
