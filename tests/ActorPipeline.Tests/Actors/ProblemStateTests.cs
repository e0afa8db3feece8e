using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;

namespace ActorPipeline.Tests.Actors;

public sealed class ProblemStateTests
{
    private static IterationTrained Trained(int repetition, int iteration) => new("cifar2", repetition, iteration, 0.1, 0.2, 0.19, 0.8, 2);

    private static SimilarityMeasured Measured(int repetition, int iteration) =>
        new("cifar2", repetition, iteration, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9 })]);

    private static ProblemState Fold(params IPipelineEvent[] events) => ProblemState.Fold("cifar2", events);

    [Fact]
    public void The_next_step_is_the_first_unrecorded_training_or_measurement()
    {
        Assert.Equal(new RepetitionStep(1, false), Fold().Repetition(0).NextStep(3));
        Assert.Equal(new RepetitionStep(1, true), Fold(Trained(0, 1)).Repetition(0).NextStep(3));
        Assert.Equal(new RepetitionStep(2, true), Fold(Trained(0, 1), Measured(0, 1), Trained(0, 2)).Repetition(0).NextStep(3));
        // A measurement recorded without its training (never written so, but read defensively) still needs the training.
        Assert.Equal(new RepetitionStep(1, false), Fold(Measured(0, 1)).Repetition(0).NextStep(3));
        Assert.Equal(new RepetitionStep(4, false),
            Fold(Trained(0, 1), Measured(0, 1), Trained(0, 2), Measured(0, 2), Trained(0, 3), Measured(0, 3)).Repetition(0).NextStep(3));
    }

    [Fact]
    public void Apply_is_pure_it_returns_a_new_state_and_leaves_the_original_as_it_was()
    {
        var original = Fold(Trained(0, 1));
        var applied = original.Apply(Measured(0, 1)).Apply(new DenseAttemptFailed("cifar2", 1, "boom")).Apply(new RepetitionCompleted("cifar2", 0));

        Assert.Empty(original.Repetition(0).Similarity);
        Assert.False(original.Repetition(0).Completed);
        Assert.Equal(0, original.DenseAttempts);
        Assert.Single(applied.Repetition(0).Similarity);
        Assert.True(applied.Repetition(0).Completed);
        Assert.Equal(1, applied.DenseAttempts);
    }

    [Fact]
    public void Events_recorded_twice_fold_to_the_same_state()
    {
        IPipelineEvent[] events =
        [
            new DenseTrained("cifar2", "cifar2/dense/final.pt", "cifar2/dense/rewind.pt", 2, 0.9),
            Trained(0, 1), Measured(0, 1), new RepetitionAttemptFailed("cifar2", 0, 1, "boom"), new RepetitionCompleted("cifar2", 0),
        ];
        var once = Fold(events);
        var twice = Fold([.. events, .. events]);
        var interleaved = Fold(events.SelectMany(e => new[] { e, e }).ToArray());

        foreach (var state in new[] { twice, interleaved })
        {
            Assert.Equal(once.Dense, state.Dense);
            Assert.Equal(once.StepsRecorded, state.StepsRecorded);
            Assert.Equal(once.Repetition(0).Trained, state.Repetition(0).Trained);
            Assert.Equal(once.Repetition(0).Similarity, state.Repetition(0).Similarity);
            Assert.Equal(1, state.Repetition(0).Attempts);
            Assert.Equal("boom", state.Repetition(0).LastError);
            Assert.True(state.Repetition(0).Completed);
        }
        Assert.Equal(3, once.StepsRecorded);
    }

    [Fact]
    public void Attempts_count_the_highest_attempt_recorded_and_keep_the_last_error()
    {
        var state = Fold(new DenseAttemptFailed("cifar2", 1, "first"), new DenseAttemptFailed("cifar2", 2, "second"),
            new RepetitionAttemptFailed("cifar2", 1, 2, "late"), new RepetitionAttemptFailed("cifar2", 1, 1, "replayed early"));

        Assert.Equal((2, "second"), (state.DenseAttempts, state.DenseLastError));
        Assert.Equal(2, state.Repetition(1).Attempts);
        Assert.False(state.Repetition(1).IsFinished);
    }

    [Fact]
    public void A_problem_is_finished_when_every_repetition_completed_or_failed_or_the_dense_training_failed()
    {
        var oneCompleted = Fold(new RepetitionCompleted("cifar2", 0));
        Assert.False(oneCompleted.IsFinished(2));
        var bothDone = oneCompleted.Apply(new RepetitionFailed("cifar2", 1, 4, "boom"));
        Assert.True(bothDone.IsFinished(2));
        Assert.Equal((1, 1), (bothDone.CompletedRepetitions, bothDone.FailedRepetitions));

        var denseFailed = ProblemState.Fold("cifar4", [new DenseFailed("cifar4", 4, "no memory")]);
        Assert.True(denseFailed.IsFinished(20));
        Assert.Equal("no memory", denseFailed.DenseFailure);
        Assert.Empty(denseFailed.Repetitions);
    }
}
