using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

/// <summary>With the protocol choices at their defaults a training is what it was before they were options.</summary>
public sealed class DefaultProtocolChoicesTests : IDisposable
{
    private readonly TrainingTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Default_options_train_exactly_the_plain_Adam_loop()
    {
        const long seed = 11;
        const int batchSize = 32, epochs = 2;
        using var trained = TrainingTestData.NewModel();
        new Trainer(new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Seed = seed }).Train(trained, _data.Data);

        // The loop the trainer ran before clipping and monitors were options: seeded order and dropout
        // per epoch, zero_grad → forward → cross-entropy → backward → Adam step, nothing in between.
        using var plain = TrainingTestData.NewModel();
        var optimizer = optim.Adam(plain.parameters(), lr: 1e-3, weight_decay: 5e-4);
        var train = _data.Train;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            using var order = new Generator(SeedStreams.Derive(seed, "order", epoch), CPU);
            using var dropout = new Generator(SeedStreams.Derive(seed, "dropout", epoch), CPU);
            plain.UseDropoutGenerator(dropout);
            plain.train();
            using var scope = NewDisposeScope();
            var permutation = randperm(train.Count, generator: order, device: CPU);
            for (long start = 0; start + 2 <= train.Count; start += batchSize)
            {
                var indices = permutation.narrow(0, start, Math.Min(batchSize, train.Count - start));
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(plain.call(train.NormalizedImages(indices)), train.LabelsAt(indices));
                loss.backward();
                optimizer.step();
            }
            plain.UseDropoutGenerator(null);
        }
        optimizer.Dispose();

        Assert.True(TensorAssert.AllBitEqual(TrainingTestData.Weights(plain), TrainingTestData.Weights(trained)));
    }

    [Fact]
    public void Choices_set_explicitly_to_their_defaults_train_bit_identically_to_omitted_ones()
    {
        // Early stopping with a best epoch before the last, so monitor and restore are exercised.
        var implicitDefaults = new TrainingOptions { Epochs = 8, BatchSize = 32, Seed = 12, LearningRate = 3e-2, EarlyStoppingPatience = 2 };
        var explicitDefaults = implicitDefaults with { Monitor = EarlyStoppingMonitor.ValidationLoss, GradientClipNorm = null };
        Assert.Equal(implicitDefaults, explicitDefaults);

        using var a = TrainingTestData.NewModel();
        using var b = TrainingTestData.NewModel();
        var ra = new Trainer(implicitDefaults).Train(a, _data.Data);
        var rb = new Trainer(explicitDefaults).Train(b, _data.Data);
        Assert.True(ra.BestEpoch < ra.History.Count, $"best epoch {ra.BestEpoch} of {ra.History.Count}: the case does not restore");
        Assert.Equal(ra.BestEpoch, rb.BestEpoch);
        Assert.Equal(ra.History.Select(h => h.ValidationLoss), rb.History.Select(h => h.ValidationLoss));
        Assert.True(TensorAssert.AllBitEqual(TrainingTestData.Weights(a), TrainingTestData.Weights(b)));
    }
}
