using ActorPipeline.Ml.Training;

namespace ActorPipeline.Tests.Training;

/// <summary>A training that ends by an exception (a failed epoch, a cancellation) frees what it made, as a finished one does.</summary>
public sealed class TrainerDisposalTests : IDisposable
{
    private readonly TrainingTestData _data = new(trainCount: 96, validationCount: 32, testCount: 32);

    public void Dispose() => _data.Dispose();

    /// <summary>
    /// Trains with early stopping and no checkpoint folder (so the best epoch's weights are kept as copies in memory); after
    /// epoch 2, <paramref name="stop"/> throws or cancels the training.
    /// </summary>
    private void TrainUntilItStops(Action<CancellationTokenSource> stop)
    {
        using var model = TrainingTestData.NewModel();
        using var cancellation = new CancellationTokenSource();
        var hooks = new TrainingHooks { EpochCompleted = (report, _) => { if (report.Epoch == 2) stop(cancellation); } };
        var options = new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 11, EarlyStoppingPatience = 3 };

        Assert.ThrowsAny<Exception>(() => new Trainer(options).Train(model, _data.Data, hooks, cancellation.Token));
    }

    /// <summary>Live tensors of this thread after a warm-up run (lazily created globals) and after three more.</summary>
    private static (long Before, long After) LiveTensors(Action run)
    {
        run();
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) run();
        return (before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_training_whose_epoch_fails_leaves_no_live_tensors_behind()
    {
        var (before, after) = LiveTensors(() => TrainUntilItStops(_ => throw new InvalidOperationException("injected epoch failure")));

        Assert.Equal(before, after);
    }

    [Fact]
    public void A_cancelled_training_leaves_no_live_tensors_behind()
    {
        var (before, after) = LiveTensors(() => TrainUntilItStops(source => source.Cancel())); // the next epoch does not start

        Assert.Equal(before, after);
    }
}
