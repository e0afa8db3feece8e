namespace ActorPipeline.Ml.Training;

/// <summary>The per-epoch history of a training and how it ended.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochReport> History, bool StoppedEarly, int? BestEpoch)
{
    public EpochReport Last => History[^1];

    /// <summary>Test accuracy of the weights the network ends with (the best epoch's when restored).</summary>
    public double FinalTestAccuracy { get; init; }
}
