namespace ActorPipeline.Ml.Training;

/// <summary>What one finished epoch measured. Validation figures are null without a validation split.</summary>
public sealed record EpochReport(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double TestLoss,
    double TestAccuracy,
    double ImagesPerSecond,
    TimeSpan Elapsed);
