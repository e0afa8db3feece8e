using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Actors;

/// <summary>Journals written before the dense events existed recorded the dense training's failures as repetition -1: they read back as dense events.</summary>
public sealed class LegacyDenseEventTests() : TestKit(ConfigurationFactory.ParseString(PipelineEventSerializer.Hocon))
{
    private IPipelineEvent ReadBack(IPipelineEvent written)
    {
        var serializer = new PipelineEventSerializer((ExtendedActorSystem)Sys);
        return (IPipelineEvent)serializer.FromBinary(serializer.ToBinary(written), serializer.Manifest(written));
    }

    [Fact]
    public void A_legacy_failed_attempt_of_repetition_minus_1_reads_as_a_failed_dense_attempt()
    {
        Assert.Equal(new DenseAttemptFailed("cifar2", 2, "out of memory"), ReadBack(new RepetitionAttemptFailed("cifar2", -1, 2, "out of memory")));
        Assert.Equal(new DenseFailed("cifar2", 4, "out of memory"), ReadBack(new RepetitionFailed("cifar2", -1, 4, "out of memory")));
    }

    [Fact]
    public void Failures_of_real_repetitions_read_back_unchanged()
    {
        Assert.Equal(new RepetitionAttemptFailed("cifar2", 0, 1, "boom"), ReadBack(new RepetitionAttemptFailed("cifar2", 0, 1, "boom")));
        Assert.Equal(new RepetitionFailed("cifar2", 3, 4, "boom"), ReadBack(new RepetitionFailed("cifar2", 3, 4, "boom")));
    }

    [Fact]
    public void A_legacy_journal_folds_to_a_failed_dense_training_and_no_repetition_minus_1()
    {
        var state = ProblemState.Fold("cifar2", new IPipelineEvent[]
        {
            new RepetitionAttemptFailed("cifar2", -1, 1, "out of memory"),
            new RepetitionAttemptFailed("cifar2", -1, 2, "out of memory again"),
            new RepetitionFailed("cifar2", -1, 2, "out of memory again"),
        }.Select(ReadBack));

        Assert.Equal((2, "out of memory again", "out of memory again"), (state.DenseAttempts, state.DenseLastError, state.DenseFailure));
        Assert.Empty(state.Repetitions);
        Assert.True(state.IsFinished(20));
    }
}
