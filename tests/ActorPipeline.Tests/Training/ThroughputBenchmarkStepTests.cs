using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Training;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

/// <summary>`bench` must time the step `train` runs: on the same seed its batches leave the same weights as the trainer's.</summary>
public sealed class ThroughputBenchmarkStepTests : IDisposable
{
    private readonly TrainingTestData _data = new(trainCount: 96, validationCount: 32, testCount: 32);

    public void Dispose() => _data.Dispose();

    [Fact]
    public void The_benchmark_trains_bit_for_bit_as_the_trainer_does()
    {
        // 96 images in batches of 32: one epoch of the trainer is three steps; the benchmark stops after the same three.
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 7, GradientClipNorm = 1.0 };
        using var trained = TrainingTestData.NewModel();
        using var benched = TrainingTestData.NewModel();

        new Trainer(options, new BatchAugmentation()).Train(trained, _data.Data);
        var measurement = ThroughputBenchmark.Measure("tiny", benched, _data.Train, options, new BatchAugmentation(),
            new ThroughputBenchmarkOptions { Rule = new SteadyStateRule(Window: 3), SteadyBatches = 3, MaxBatches = 3 });

        Assert.Equal(3, measurement.BatchSeconds.Count);
        Assert.Equal([32L, 32L, 32L], measurement.BatchImages);
        Assert.False(measurement.Settled); // three batches cannot show a steady state (two windows needed)
        foreach (var (a, b) in TrainingTestData.Weights(trained).Zip(TrainingTestData.Weights(benched)))
            Assert.True(a.equal(b).all().item<bool>(), "the benchmark's step left other weights than the trainer's");
    }

    [Fact]
    public void The_benchmark_runs_on_into_the_next_epoch_as_training_does()
    {
        // 70 images in batches of 32: 32, 32, then 6 (the epoch's last), then epoch 2 starts.
        using var train = new DeviceDataset(RandomImages.Create(70, 2), CPU);
        using var model = TrainingTestData.NewModel();
        var measurement = ThroughputBenchmark.Measure("tiny", model, train, new TrainingOptions { BatchSize = 32 }, null,
            new ThroughputBenchmarkOptions { Rule = new SteadyStateRule(Window: 3), SteadyBatches = 3, MaxBatches = 5 });
        Assert.Equal([32L, 32L, 6L, 32L, 32L], measurement.BatchImages);
    }

    [Fact]
    public void Bad_limits_are_refused_with_a_reason()
    {
        using var model = TrainingTestData.NewModel();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputBenchmark.Measure("tiny", model, _data.Train, new TrainingOptions(), null,
            new ThroughputBenchmarkOptions { Rule = new SteadyStateRule(Window: 10), SteadyBatches = 5 }));
        Assert.Contains("window", error.Message);
    }
}
