namespace ActorPipeline.Host.Reports;

/// <summary>
/// Spearman's rank correlation ρ of paired values: the Pearson correlation of their ranks, tied values sharing the mean of
/// the ranks they span (the definition that stays exact with ties, as scipy.stats.spearmanr computes it; the shortcut
/// 1 − 6Σd²/(n(n²−1)) is only exact without ties). Undefined (null) for fewer than two pairs or when either side is
/// constant (its ranks have no variance).
/// </summary>
public static class SpearmanCorrelation
{
    public static double? Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"Spearman's ρ needs paired values: {x.Count} x and {y.Count} y.", nameof(y));
        if (x.Any(v => !double.IsFinite(v)) || y.Any(v => !double.IsFinite(v))) throw new ArgumentException("Spearman's ρ needs finite values.", nameof(x));
        if (x.Count < 2) return null;
        var (rx, ry) = (Ranks(x), Ranks(y));
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>1-based ranks in ascending order; a run of equal values gets the mean of its ranks.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double mean = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = mean;
            start = end + 1;
        }
        return ranks;
    }
}
