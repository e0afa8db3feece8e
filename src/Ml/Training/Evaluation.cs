using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>Mean cross-entropy and accuracy of a network on a dataset (eval mode, no augmentation).</summary>
public static class Evaluation
{
    public static (double Loss, double Accuracy) Evaluate(PaperCnn model, DeviceDataset data, int batchSize = 1000)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var lossSum = zeros(1, dtype: ScalarType.Float64, device: data.Device);
            var correct = zeros(1, dtype: ScalarType.Int64, device: data.Device);
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var batchScope = NewDisposeScope();
                long length = Math.Min(batchSize, data.Count - start);
                var indices = arange(start, start + length, dtype: ScalarType.Int64, device: data.Device);
                var logits = model.call(data.NormalizedImages(indices));
                var labels = data.LabelsAt(indices);
                lossSum.add_(nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).to(ScalarType.Float64));
                correct.add_(logits.argmax(1).eq(labels).sum());
            }
            return (lossSum.item<double>() / data.Count, (double)correct.item<long>() / data.Count);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
