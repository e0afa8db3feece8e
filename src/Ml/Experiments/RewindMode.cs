namespace ActorPipeline.Ml.Experiments;

/// <summary>Where each IMP iteration's retraining starts after pruning.</summary>
public enum RewindMode
{
    /// <summary>
    /// Weight rewinding, the paper's (late rewinding, Frankle et al.): the surviving weights and the batch-norm statistics
    /// go back to their values at the end of the rewind epoch of the dense training.
    /// </summary>
    Weights = 0,

    /// <summary>
    /// Learning-rate rewinding (Renda et al. 2020; the authors' later code, marcozullich/pruned_layer_similarity): the
    /// surviving weights keep their trained values (and the batch-norm statistics theirs); only the learning-rate schedule
    /// goes back to the rewind epoch. This recipe's schedule is constant (Adam at the plan's rate, §4.2), so that is a
    /// fresh optimizer at the same rate for the same retraining epochs as weight rewinding.
    /// </summary>
    LearningRate = 1,
}
