using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

public sealed class EarlyStoppingMonitorTests : IDisposable
{
    private readonly TrainingTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void On_validation_accuracy_the_first_most_accurate_epoch_is_best_patience_counts_from_it_and_its_weights_are_restored()
    {
        const int patience = 3;
        var options = new TrainingOptions
        {
            Epochs = 15, BatchSize = 32, Seed = 11, EarlyStoppingPatience = patience, Monitor = EarlyStoppingMonitor.ValidationAccuracy,
        };
        var weightsAfterEpoch = new List<List<Tensor>>();
        using var model = TrainingTestData.NewModel();
        try
        {
            var result = new Trainer(options).Train(model, _data.Data,
                new TrainingHooks { EpochCompleted = (_, m) => weightsAfterEpoch.Add(TrainingTestData.CopyOfWeights(m)) });

            var accuracies = result.History.Select(h => h.ValidationAccuracy!.Value).ToList();
            var losses = result.History.Select(h => h.ValidationLoss!.Value).ToList();
            int mostAccurate = accuracies.IndexOf(accuracies.Max()) + 1; // first of equals: a tie is no improvement
            int lowestLoss = losses.IndexOf(losses.Min()) + 1;
            Assert.True(mostAccurate != lowestLoss, $"accuracy and loss both peak at epoch {mostAccurate}: the case cannot tell the monitors apart");

            Assert.Equal(mostAccurate, result.BestEpoch);
            Assert.True(result.StoppedEarly);
            Assert.Equal(mostAccurate + patience, result.History.Count);
            Assert.Equal(result.History[mostAccurate - 1].TestAccuracy, result.FinalTestAccuracy);
            Assert.True(TensorAssert.AllBitEqual(weightsAfterEpoch[mostAccurate - 1], TrainingTestData.Weights(model)));
        }
        finally
        {
            weightsAfterEpoch.ForEach(ws => ws.ForEach(w => w.Dispose()));
        }
    }
}
