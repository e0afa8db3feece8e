namespace ActorPipeline.Ml.Training;

/// <summary>
/// The validation figure early stopping watches: it picks the best epoch, counts the patience and
/// decides which weights are restored. The paper does not say which; the loss is this project's default.
/// </summary>
public enum EarlyStoppingMonitor
{
    /// <summary>Mean validation cross-entropy; lower is better.</summary>
    ValidationLoss,

    /// <summary>Validation accuracy; higher is better.</summary>
    ValidationAccuracy,
}
