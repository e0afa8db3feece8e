using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>The optimizer every training uses (§4.2: Adam with L2 weight decay), made in one place so that `bench` steps what `train` steps.</summary>
public static class TrainingOptimizer
{
    public static TorchSharp.Modules.Adam Create(PaperCnn model, TrainingOptions options) =>
        optim.Adam(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
}
