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
    /// rule's tolerance of the median of the last window, moved on past values at its start that are themselves outside
    /// (a median passes a window whose first few values are still warm-up); null while the series is shorter than two
    /// windows (too short to tell).
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
            if (!Within(Median(costs, start, window)))
                settled = start + 1;
        if (settled == 0) return 0;
        int limit = Math.Min(costs.Count - 1, settled + window - 1);
        while (settled < limit && !Within(costs[settled])) settled++;
        return settled;

        bool Within(double cost) => Math.Abs(cost - reference) <= rule.Tolerance * reference;
    }

    private static double Median(IReadOnlyList<double> values, int start, int count)
    {
        var sorted = new double[count];
        for (int i = 0; i < count; i++) sorted[i] = values[start + i];
        Array.Sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}
