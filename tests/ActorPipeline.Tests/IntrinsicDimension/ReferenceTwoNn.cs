namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>
/// An independent plain float64 TwoNN, written from Facco et al. (2017) and Ansuini et al.'s estimate() and sharing no code
/// with the estimator: the full distance list of every point (Σ (x − y)², O(n² · d)), sorted; r1, r2 the two smallest
/// distances to other points; points with r1 = 0 or r1 = r2 dropped; μ sorted; F_i = i/N;
/// −log(1 − F) against log μ through the origin over the first ⌊N · fraction⌋ (at most N − 1).
/// </summary>
internal static class ReferenceTwoNn
{
    public sealed record Result(double? Dimension, double[] First, double[] Second, int Duplicates, int Ties, int Ratios, int Fitted);

    public static Result Estimate(double[][] points, double fraction = 0.9)
    {
        int n = points.Length;
        var first = new double[n];
        var second = new double[n];
        for (int i = 0; i < n; i++)
        {
            var distances = new List<double>(n - 1);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double sum = 0;
                for (int k = 0; k < points[i].Length; k++) sum += (points[i][k] - points[j][k]) * (points[i][k] - points[j][k]);
                distances.Add(Math.Sqrt(sum));
            }
            distances.Sort();
            first[i] = distances[0];
            second[i] = distances[1];
        }

        int duplicates = first.Count(r => r == 0);
        int ties = Enumerable.Range(0, n).Count(i => first[i] > 0 && second[i] == first[i]);
        var mu = Enumerable.Range(0, n).Where(i => first[i] > 0 && second[i] > first[i]).Select(i => second[i] / first[i]).Order().ToArray();
        int total = mu.Length;
        int fitted = Math.Min((int)Math.Floor(total * fraction), total - 1);
        if (fitted < 1) return new Result(null, first, second, duplicates, ties, total, 0);
        double sxy = 0, sxx = 0;
        for (int i = 0; i < fitted; i++)
        {
            double empirical = (i + 1.0) / total;
            double x = Math.Log(mu[i]), y = -Math.Log(1 - empirical);
            sxy += x * y;
            sxx += x * x;
        }
        return new Result(sxy / sxx, first, second, duplicates, ties, total, fitted);
    }
}
