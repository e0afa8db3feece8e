namespace ActorPipeline.Ml.Training;

/// <summary>
/// When a series of batch times counts as settled: every rolling median of <see cref="Window"/> batches lies within
/// <see cref="Tolerance"/> (relative) of the median of the last <see cref="Window"/> batches. Medians, so that a few
/// batches slowed by another process do not reset the warm-up.
/// </summary>
public sealed record SteadyStateRule(int Window = 10, double Tolerance = 0.10)
{
    public void Validate()
    {
        if (Window < 3) throw new ArgumentOutOfRangeException(nameof(Window), Window, "The steady-state window must hold at least 3 batches.");
        if (!(Tolerance > 0 && Tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The steady-state tolerance must lie strictly between 0 and 1 (0.1 = 10 %).");
    }
}
