using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private static readonly ArchitectureSpec Tiny = ArchitectureSpec.Parse("8*, 8, MP", "16§");
    private readonly string _dir = Directory.CreateTempSubdirectory("trainer-tests").FullName;
    private readonly DeviceDataset _train = new(SyntheticImages.Make(192, 2, seed: 1), CPU);
    private readonly DeviceDataset _validation = new(SyntheticImages.Make(64, 2, seed: 2), CPU);
    private readonly DeviceDataset _test = new(SyntheticImages.Make(128, 2, seed: 3), CPU);

    public void Dispose()
    {
        _train.Dispose(); _validation.Dispose(); _test.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private TrainingData Data => new(_train, _validation, _test);

    private static PaperCnn NewModel(ArchitectureSpec spec, long initSeed = 5)
    {
        var model = new PaperCnn(spec, 2);
        using var generator = new Generator((ulong)initSeed);
        model.Initialize(generator);
        return model;
    }

    private static TrainingOptions Options(int epochs, long seed = 11) => new() { Epochs = epochs, BatchSize = 32, Seed = seed };

    private static List<Tensor> Weights(PaperCnn model) => model.state_dict().Values.ToList();

    [Fact]
    public void Learns_a_separable_problem()
    {
        using var model = NewModel(Tiny);
        var result = new Trainer(Options(4)).Train(model, Data);
        Assert.Equal(4, result.History.Count);
        Assert.True(result.Last.TestAccuracy > 0.9, $"test accuracy {result.Last.TestAccuracy}");
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        Assert.All(result.History, r => Assert.True(r.ImagesPerSecond > 0));
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_another_seed_does_not()
    {
        using var a = NewModel(Tiny);
        using var b = NewModel(Tiny);
        using var c = NewModel(Tiny);
        var ra = new Trainer(Options(2)).Train(a, Data);
        var rb = new Trainer(Options(2)).Train(b, Data);
        new Trainer(Options(2, seed: 12)).Train(c, Data);
        Assert.True(TensorAssert.AllBitEqual(Weights(a), Weights(b)));
        Assert.False(TensorAssert.AllBitEqual(Weights(a), Weights(c)));
        Assert.Equal(ra.History.Select(h => h.TestLoss), rb.History.Select(h => h.TestLoss));
    }

    [Fact]
    public void Resuming_from_the_last_epoch_checkpoint_equals_an_uninterrupted_training()
    {
        using var uninterrupted = NewModel(Tiny);
        new Trainer(Options(3)).Train(uninterrupted, Data);

        var checkpoints = Path.Combine(_dir, "resume");
        using (var crashed = NewModel(Tiny))
            new Trainer(Options(2)).Train(crashed, Data, new TrainingHooks { CheckpointDirectory = checkpoints });

        using var resumed = NewModel(Tiny, initSeed: 99); // a fresh process would start from other weights
        var reported = new List<int>();
        var result = new Trainer(Options(3)).Train(resumed, Data,
            new TrainingHooks { CheckpointDirectory = checkpoints, EpochCompleted = (r, _) => reported.Add(r.Epoch) });

        Assert.Equal([3], reported);
        Assert.Equal([1, 2, 3], result.History.Select(h => h.Epoch));
        Assert.True(TensorAssert.AllBitEqual(Weights(uninterrupted), Weights(resumed)));
        Assert.Equal(["model-epoch0003.pt", "optimizer-epoch0003.pt", "training-state.json"],
            Directory.GetFiles(checkpoints).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Early_stopping_ends_after_patience_epochs_without_improvement_and_restores_the_best()
    {
        // Without batch norm or dropout and with a vanishing learning rate the validation loss cannot improve.
        using var model = NewModel(ArchitectureSpec.Parse("8, MP", "16"));
        var options = Options(10) with { LearningRate = 1e-30, EarlyStoppingPatience = 2 };
        var result = new Trainer(options).Train(model, Data);
        Assert.True(result.StoppedEarly);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(3, result.History.Count);
        Assert.Throws<ArgumentException>(() => new Trainer(options).Train(model, new TrainingData(_train, null, _test)));
    }

    [Fact]
    public void Checkpoints_round_trip_exactly_and_reject_other_architectures()
    {
        using var model = NewModel(Tiny);
        new Trainer(Options(1)).Train(model, Data);
        var path = Path.Combine(_dir, "model.pt");
        ModelCheckpoint.Save(model, path);

        using var loaded = NewModel(Tiny, initSeed: 77);
        ModelCheckpoint.Load(loaded, path);
        Assert.True(TensorAssert.AllBitEqual(Weights(model), Weights(loaded)));

        using var other = new PaperCnn(ArchitectureSpec.Parse("4, MP", "16"), 2);
        var error = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(other, path));
        Assert.Contains(path, error.Message);
        Assert.Throws<FileNotFoundException>(() => ModelCheckpoint.Load(other, Path.Combine(_dir, "missing.pt")));
    }

    [Fact]
    public void Repeated_trainings_leave_no_live_tensors_behind()
    {
        void TrainOnce()
        {
            using var model = NewModel(Tiny);
            new Trainer(Options(1) with { EarlyStoppingPatience = 5 }).Train(model, Data);
        }
        TrainOnce(); // warm-up: lazily created globals
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++) TrainOnce();
        long after = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }
}
