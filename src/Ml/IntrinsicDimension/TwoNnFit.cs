namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// TwoNN's estimate from each point's two nearest-neighbour distances (Facco et al. 2017, as Ansuini et al. 2019 used it):
/// μ = r2/r1 per point; sorted, μ_(i) has the empirical distribution F_i = i/N; on a d-dimensional manifold with a locally
/// uniform density 1 − F(μ) = μ^(−d), so −log(1 − F_i) = d · log μ_(i), fitted by least squares through the origin over the
/// smallest ⌊N · fraction⌋ ratios (the largest ones are the noisiest; the very largest has 1 − F = 0 and is never fitted).
/// <para>
/// Duplicates and ties, the rule of Ansuini et al.'s estimate: a point with r1 = 0 (another point at the same place) has no
/// ratio and is left out; so is a point with r1 = r2 (μ = 1 exactly, e.g. its nearest neighbour is duplicated), since the
/// model gives ties probability zero. Both counts are reported. The left-out points still count as the others' neighbours.
/// Nothing here can give NaN: every ratio fitted is finite and above 1, so log μ &gt; 0; with none to fit the
/// estimate is undefined, with the reason.
/// </para>
/// </summary>
public static class TwoNnFit
{
    public static TwoNnResult Fit(NeighbourDistances distances, long features, double fraction)
    {
        if (fraction is not (> 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of ratios fitted must lie in (0, 1].");
        int duplicates = 0, ties = 0;
        var ratios = new List<double>(distances.Count);
        for (int i = 0; i < distances.Count; i++)
        {
            double r1 = distances.First[i], r2 = distances.Second[i];
            if (!(r1 >= 0 && r2 >= r1 && double.IsFinite(r2)))
                throw new ArgumentException($"Point {i}: neighbour distances r1 = {r1}, r2 = {r2} are not 0 ≤ r1 ≤ r2 < ∞.", nameof(distances));
            if (r1 == 0) duplicates++;
            else if (r2 == r1) ties++;
            else ratios.Add(r2 / r1);
        }
        ratios.Sort();

        int n = ratios.Count;
        // ⌊N · fraction⌋ as the reference computes it, but never the largest ratio: its 1 − F is 0
        int fitted = Math.Min((int)Math.Floor(n * fraction), n - 1);
        var result = new TwoNnResult
        {
            Points = distances.Count,
            Features = features,
            DuplicatePoints = duplicates,
            TiedPoints = ties,
            Ratios = n,
            FittedRatios = Math.Max(fitted, 0),
            Fraction = fraction,
        };
        if (fitted < 1) return result with { Undefined = NothingToFit(distances.Count, duplicates, ties, n, fraction) };

        double xx = 0, xy = 0;
        for (int i = 0; i < fitted; i++)
        {
            double x = Math.Log(ratios[i]);
            // −log(1 − (i+1)/N) written as log(N / (N − i − 1)): no cancellation in 1 − F near F = 1
            double y = Math.Log((double)n / (n - i - 1));
            xx += x * x;
            xy += x * y;
        }
        return result with { Dimension = xy / xx };
    }

    private static string NothingToFit(int points, int duplicates, int ties, int ratios, double fraction)
    {
        var left = new List<string>();
        if (duplicates > 0) left.Add($"{duplicates} have a duplicate (r1 = 0)");
        if (ties > 0) left.Add($"{ties} have two equally near neighbours (r1 = r2)");
        string why = left.Count == 0 ? "" : $" ({string.Join(", ", left)})";
        return $"no ratio r2/r1 to fit: {ratios} of the {points} points have one{why}, and the smallest {fraction:0.###} of them without the largest are none";
    }
}
