using System.Text.Json.Serialization;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// How one network is trained (§4.2 of the paper): Adam, learning rate 1e-3, weight decay 5e-4,
/// batch 128, <see cref="Epochs"/> epochs, optional early stopping on the validation split.
/// Choices the paper leaves open (<see cref="Monitor"/>, <see cref="GradientClipNorm"/>) default to
/// this project's original behaviour.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>L2 penalty added to the gradient, as torch.optim.Adam's weight_decay.</summary>
    public double WeightDecay { get; init; } = 5e-4;
    /// <summary>Stop after this many epochs without a strictly better <see cref="Monitor"/> figure; null: no early stopping.</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>With early stopping, end with the weights of the best validation epoch.</summary>
    public bool RestoreBestWeights { get; init; } = true;
    /// <summary>
    /// What early stopping watches (best epoch, patience, restored weights). Left out of the JSON while it
    /// is the default, as is <see cref="GradientClipNorm"/>, so settings hashes of runs made before these
    /// options existed stay the same.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public EarlyStoppingMonitor Monitor { get; init; } = EarlyStoppingMonitor.ValidationLoss;
    /// <summary>
    /// When set, the L2 norm of all gradients together is clipped to this before every optimizer step
    /// (as torch.nn.utils.clip_grad_norm_); null: no clipping.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? GradientClipNorm { get; init; }
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
        if (!Enum.IsDefined(Monitor)) throw new ArgumentOutOfRangeException(nameof(Monitor), Monitor, $"Early-stopping monitor {Monitor} is not one of {string.Join(", ", Enum.GetNames<EarlyStoppingMonitor>())}.");
        if (GradientClipNorm is { } clip && !(double.IsFinite(clip) && clip > 0)) // the negated test also rejects NaN
            throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, $"Gradient clip norm {clip} must be a positive number (null turns clipping off).");
        if (EvaluationBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "Evaluation batch size must be positive.");
    }
}
