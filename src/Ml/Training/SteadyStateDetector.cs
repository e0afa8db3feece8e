namespace ActorPipeline.Ml.Training;

/// <summary>
/// Finds where a series of per-batch costs (seconds per image, in order from the first batch) settles: the warm-up is
/// every batch before the settling index, the steady state every batch from it on. Looked at from the end of the series
/// (like a settling time), because a slow plateau at the start is only recognisable as warm-up once faster batches follow.
/// </summary>
public static class SteadyStateDetector
{
    /// <summary>
    /// The first index from which every rolling median of <see cref="SteadyStateRule.Window"/> values is within the
    /// rule's tolerance of the median of the last window; null while the series is shorter than two windows (too short to tell).
    /// </summary>
    public static int? SettlingIndex(IReadOnlyList<double> costs, SteadyStateRule rule)
    {
        rule.Validate();
        int window = rule.Window;
        if (costs.Count < 2 * window) return null;
        double reference = Median(costs, costs.Count - window, window);
        if (!(reference > 0)) throw new ArgumentException("Batch costs must be positive.", nameof(costs));
        int settled = 0;
        for (int start = 0; start + window <= costs.Count; start++)
            if (Math.Abs(Median(costs, start, window) - reference) > rule.Tolerance * reference)
                settled = start + 1;
        return settled;
    }

    private static double Median(IReadOnlyList<double> values, int start, int count)
    {
        var sorted = new double[count];
        for (int i = 0; i < count; i++) sorted[i] = values[start + i];
        Array.Sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}
