using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

/// <summary>A training that ends by an exception (a failed epoch, a cancellation) frees what it made, as a finished one does.</summary>
public sealed class TrainerDisposalTests : IDisposable
{
    private readonly DeviceDataset _train = new(SyntheticImages.Make(96, 2, seed: 1), CPU);
    private readonly DeviceDataset _validation = new(SyntheticImages.Make(32, 2, seed: 2), CPU);
    private readonly DeviceDataset _test = new(SyntheticImages.Make(32, 2, seed: 3), CPU);

    public void Dispose()
    {
        _train.Dispose(); _validation.Dispose(); _test.Dispose();
    }

    /// <summary>
    /// Trains with early stopping and no checkpoint folder (so the best epoch's weights are kept as copies in memory); after
    /// epoch 2, <paramref name="stop"/> throws or cancels the training.
    /// </summary>
    private void TrainUntilItThrows(Action<CancellationTokenSource> stop)
    {
        using var model = new PaperCnn(ArchitectureSpec.Parse("8*, 8, MP", "16§"), 2);
        using var generator = new Generator(5);
        model.Initialize(generator);
        using var cancellation = new CancellationTokenSource();
        var hooks = new TrainingHooks { EpochCompleted = (report, _) => { if (report.Epoch == 2) stop(cancellation); } };
        var options = new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 11, EarlyStoppingPatience = 3 };

        Assert.ThrowsAny<Exception>(() => new Trainer(options).Train(model, new TrainingData(_train, _validation, _test), hooks, cancellation.Token));
    }

    [Fact]
    public void A_training_whose_epoch_fails_leaves_no_live_tensors_behind()
    {
        static void Failure(CancellationTokenSource _) => throw new InvalidOperationException("injected epoch failure");
        TrainUntilItThrows(Failure); // warm-up: lazily created globals
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (int i = 0; i < 3; i++) TrainUntilItThrows(Failure);

        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_cancelled_training_leaves_no_live_tensors_behind()
    {
        static void Cancel(CancellationTokenSource source) => source.Cancel(); // the next epoch does not start
        TrainUntilItThrows(Cancel);
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (int i = 0; i < 3; i++) TrainUntilItThrows(Cancel);

        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
