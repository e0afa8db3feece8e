namespace ActorPipeline.Ml.Pruning;

/// <summary>The two groups the paper prunes at their own rates.</summary>
public enum PruningGroup
{
    /// <summary>Convolutional blocks (conv weights and biases; their batch norm when pruned).</summary>
    Conv,

    /// <summary>Hidden fully-connected blocks (weights and biases; their batch norm when pruned; the output layer when pruned).</summary>
    Fc,
}
