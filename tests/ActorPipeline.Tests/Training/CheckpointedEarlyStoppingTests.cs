using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Training;

public sealed class CheckpointedEarlyStoppingTests : IDisposable
{
    private readonly TrainingTestData _data = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("checkpointed-early-stopping").FullName;

    public void Dispose()
    {
        _data.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void With_a_checkpoint_folder_the_best_weights_are_restored_from_disk_as_from_memory()
    {
        // A large learning rate drives the validation loss to an early minimum that later epochs only tie,
        // so the best epoch is not the last one and the restore really happens.
        var options = new TrainingOptions { Epochs = 8, BatchSize = 32, Seed = 12, LearningRate = 3e-2, EarlyStoppingPatience = 2 };
        using var inMemory = TrainingTestData.NewModel();
        var expected = new Trainer(options).Train(inMemory, _data.Data);
        Assert.True(expected.BestEpoch < expected.History.Count, $"best epoch {expected.BestEpoch} of {expected.History.Count}: the case does not test a restore");

        using var checkpointed = TrainingTestData.NewModel();
        var result = new Trainer(options).Train(checkpointed, _data.Data, new TrainingHooks { CheckpointDirectory = _dir });

        Assert.Equal(expected.BestEpoch, result.BestEpoch);
        Assert.Equal(expected.History.Count, result.History.Count);
        Assert.True(TensorAssert.AllBitEqual(TrainingTestData.Weights(inMemory), TrainingTestData.Weights(checkpointed)));
        Assert.Contains($"best-at-epoch{expected.BestEpoch:D4}.pt", Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
