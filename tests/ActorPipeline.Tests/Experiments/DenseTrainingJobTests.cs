using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Experiments;

public sealed class DenseTrainingJobTests : IDisposable
{
    private static readonly ArchitectureSpec Tiny = ArchitectureSpec.Parse("8*, 8, MP", "16§");
    private readonly string _dir = Directory.CreateTempSubdirectory("dense-job-tests").FullName;
    private readonly DeviceDataset _train = new(SyntheticImages.Make(128, 2, seed: 1), CPU);
    private readonly DeviceDataset _test = new(SyntheticImages.Make(64, 2, seed: 3), CPU);

    public void Dispose()
    {
        _train.Dispose(); _test.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static PaperCnn NewModel()
    {
        var model = new PaperCnn(Tiny, 2);
        using var generator = new Generator(5);
        model.Initialize(generator);
        return model;
    }

    private static TrainingOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 32, Seed = 3 };

    [Fact]
    public void Saves_the_rewind_point_final_weights_and_metrics_then_skips_when_done()
    {
        var folder = Path.Combine(_dir, "dense");
        var data = new TrainingData(_train, null, _test);
        var epochs = new List<int>();
        using var model = NewModel();
        var result = new DenseTrainingJob(folder).Run(model, data, Options(4), rewindEpoch: 2, augmenter: null, r => epochs.Add(r.Epoch));

        Assert.Equal([1, 2, 3, 4], epochs);
        Assert.Equal(Path.Combine(folder, "rewind-epoch002.pt"), result.RewindWeightsPath);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(folder, DenseTrainingJob.MetricsFile)).Length);
        Assert.False(Directory.Exists(Path.Combine(folder, "checkpoints")));

        // The rewind point is exactly the network after two epochs of the same training.
        using var twoEpochs = NewModel();
        new Trainer(Options(2)).Train(twoEpochs, data);
        using var rewind = NewModel();
        ModelCheckpoint.Load(rewind, result.RewindWeightsPath);
        Assert.True(TensorAssert.AllBitEqual(twoEpochs.state_dict().Values, rewind.state_dict().Values));

        // A second run finds the finished training and loads its final weights without training.
        using var again = NewModel();
        var second = new DenseTrainingJob(folder).Run(again, data, Options(4), 2, null, _ => Assert.Fail("retrained a finished job"));
        Assert.Equal(result.FinalTestAccuracy, second.FinalTestAccuracy);
        Assert.True(TensorAssert.AllBitEqual(model.state_dict().Values, again.state_dict().Values));
    }

    [Fact]
    public void A_rewind_epoch_beyond_the_training_is_rejected()
    {
        using var model = NewModel();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new DenseTrainingJob(Path.Combine(_dir, "bad")).Run(model, new TrainingData(_train, null, _test), Options(2), 3, null));
        Assert.Contains("rewind epoch", error.Message);
    }
}
