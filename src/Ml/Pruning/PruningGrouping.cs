namespace ActorPipeline.Ml.Pruning;

/// <summary>Which parameters compete with each other for survival when a fraction is pruned.</summary>
public enum PruningGrouping
{
    /// <summary>
    /// One pool per group: every prunable conv tensor together (rate <see cref="PruningOptions.ConvRate"/>),
    /// every prunable fully-connected tensor together (rate <see cref="PruningOptions.FcRate"/>).
    /// </summary>
    PooledPerGroup,

    /// <summary>
    /// One pool per layer (a block such as "conv1" or "fc1": its weight and bias, plus its batch norm
    /// when that is pruned), each pruned at its group's rate.
    /// </summary>
    PerLayer,
}
