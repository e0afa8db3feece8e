namespace ActorPipeline.Ml.Pruning;

/// <summary>How much of one masked tensor is pruned.</summary>
public sealed record TensorSparsity(PruningGroup Group, long Total, long Pruned)
{
    public long Alive => Total - Pruned;
    public double Sparsity => Total == 0 ? 0 : (double)Pruned / Total;
}
