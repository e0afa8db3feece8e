namespace ActorPipeline.Ml.Training;

/// <summary>
/// How one network is trained (§4.2 of the paper): Adam, learning rate 1e-3, weight decay 5e-4,
/// batch 128, <see cref="Epochs"/> epochs, optional early stopping on the validation split.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>L2 penalty added to the gradient, as torch.optim.Adam's weight_decay.</summary>
    public double WeightDecay { get; init; } = 5e-4;
    /// <summary>Stop after this many epochs without a lower validation loss; null: no early stopping.</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>With early stopping, end with the weights of the best validation epoch.</summary>
    public bool RestoreBestWeights { get; init; } = true;
    public bool Augment { get; init; } = true;
    /// <summary>Master seed: data order, augmentation and dropout streams derive from it.</summary>
    public long Seed { get; init; }
    public int EvaluationBatchSize { get; init; } = 1000;

    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (BatchSize <= 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be at least 2 (batch norm needs it).");
        if (LearningRate <= 0) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be positive.");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must be non-negative.");
        if (EarlyStoppingPatience is <= 0) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "Patience must be positive.");
        if (EvaluationBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "Evaluation batch size must be positive.");
    }
}
