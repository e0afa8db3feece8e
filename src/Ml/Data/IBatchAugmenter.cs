using static TorchSharp.torch;

namespace ActorPipeline.Ml.Data;

/// <summary>Augments a normalized image batch (B×3×32×32, on its device) with randomness from <paramref name="generator"/>.</summary>
public interface IBatchAugmenter
{
    Tensor Augment(Tensor normalizedBatch, Generator generator);
}
