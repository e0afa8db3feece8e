namespace ActorPipeline.Ml.Training;

/// <summary>
/// When an epoch counts as an improvement for early stopping: its monitored figure is strictly better
/// than the best so far (lower loss, higher accuracy). A tie is not an improvement, so among equal
/// epochs the earliest stays best; NaN never improves.
/// </summary>
public static class ImprovementRule
{
    /// <summary>The figure <paramref name="monitor"/> watches in <paramref name="report"/>.</summary>
    public static double Score(EarlyStoppingMonitor monitor, EpochReport report) => monitor switch
    {
        EarlyStoppingMonitor.ValidationLoss => report.ValidationLoss
            ?? throw new ArgumentException($"Epoch {report.Epoch} has no validation loss to monitor.", nameof(report)),
        EarlyStoppingMonitor.ValidationAccuracy => report.ValidationAccuracy
            ?? throw new ArgumentException($"Epoch {report.Epoch} has no validation accuracy to monitor.", nameof(report)),
        _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Unknown early-stopping monitor."),
    };

    /// <summary>The best figure before any epoch: every real figure but +∞ loss (or −∞ accuracy) beats it.</summary>
    public static double Initial(EarlyStoppingMonitor monitor) => monitor switch
    {
        EarlyStoppingMonitor.ValidationLoss => double.PositiveInfinity,
        EarlyStoppingMonitor.ValidationAccuracy => double.NegativeInfinity,
        _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Unknown early-stopping monitor."),
    };

    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="best"/>.</summary>
    public static bool Improves(EarlyStoppingMonitor monitor, double candidate, double best) => monitor switch
    {
        EarlyStoppingMonitor.ValidationLoss => candidate < best,
        EarlyStoppingMonitor.ValidationAccuracy => candidate > best,
        _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Unknown early-stopping monitor."),
    };
}
