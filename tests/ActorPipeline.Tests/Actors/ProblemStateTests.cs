using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;

namespace ActorPipeline.Tests.Actors;

public sealed class ProblemStateTests
{
    private static IterationTrained Trained(int repetition, int iteration) => new("cifar2", repetition, iteration, 0.1, 0.2, 0.19, 0.8, 2);

    private static SimilarityMeasured Measured(int repetition, int iteration) =>
        new("cifar2", repetition, iteration, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9 })]);

    [Fact]
    public void The_next_step_is_the_first_unrecorded_training_or_measurement()
    {
        var state = new ProblemState("cifar2");
        Assert.Equal(new RepetitionStep(1, false), state.Repetition(0).NextStep(3));
        state.Apply(Trained(0, 1));
        Assert.Equal(new RepetitionStep(1, true), state.Repetition(0).NextStep(3));
        state.Apply(Measured(0, 1));
        state.Apply(Trained(0, 2));
        Assert.Equal(new RepetitionStep(2, true), state.Repetition(0).NextStep(3));
        state.Apply(Measured(0, 2));
        state.Apply(Trained(0, 3));
        state.Apply(Measured(0, 3));
        Assert.Equal(new RepetitionStep(4, false), state.Repetition(0).NextStep(3));
    }

    [Fact]
    public void Events_recorded_twice_fold_to_the_same_state()
    {
        var once = new ProblemState("cifar2");
        var twice = new ProblemState("cifar2");
        IPipelineEvent[] events = [Trained(0, 1), Measured(0, 1), new RepetitionAttemptFailed("cifar2", 0, 1, "boom"), new RepetitionCompleted("cifar2", 0)];
        foreach (var e in events) once.Apply(e);
        foreach (var e in events.Concat(events)) twice.Apply(e);
        Assert.Equal(once.Repetition(0).Trained.Count, twice.Repetition(0).Trained.Count);
        Assert.Equal(once.Repetition(0).Similarity.Count, twice.Repetition(0).Similarity.Count);
        Assert.Equal(1, twice.Repetition(0).Attempts);
        Assert.True(twice.Repetition(0).Completed);
    }

    [Fact]
    public void A_problem_is_finished_when_every_repetition_completed_or_failed_or_the_dense_training_failed()
    {
        var state = new ProblemState("cifar2");
        state.Apply(new RepetitionCompleted("cifar2", 0));
        Assert.False(state.IsFinished(2));
        state.Apply(new RepetitionFailed("cifar2", 1, 4, "boom"));
        Assert.True(state.IsFinished(2));

        var denseFailed = new ProblemState("cifar4");
        denseFailed.Apply(new RepetitionFailed("cifar4", ProblemState.DenseRepetition, 4, "no memory"));
        Assert.True(denseFailed.IsFinished(20));
        Assert.Equal("no memory", denseFailed.DenseFailure);
    }
}
