namespace ActorPipeline.Host.Bench;

/// <summary>
/// Least-squares line through (x, y) points with the slope's standard error, to tell a climb from noise: a slope
/// whose 95 % interval holds zero, or whose whole drift over the window is within the points' scatter, is flat.
/// </summary>
public sealed record LinearTrend(double Slope, double Intercept, double SlopeStandardError, double ResidualStandardDeviation, int Points, double XRange)
{
    public static LinearTrend Fit(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 3) throw new ArgumentException($"a trend needs at least 3 points, got {points.Count}.", nameof(points));
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        if (sxx == 0) throw new ArgumentException("a trend needs points at more than one x.", nameof(points));
        double sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        double slope = sxy / sxx, intercept = meanY - slope * meanX;
        double residualSquares = points.Sum(p => Math.Pow(p.Y - (intercept + slope * p.X), 2));
        double residualSd = Math.Sqrt(residualSquares / (points.Count - 2));
        return new LinearTrend(slope, intercept, residualSd / Math.Sqrt(sxx), residualSd, points.Count, points.Max(p => p.X) - points.Min(p => p.X));
    }

    /// <summary>Half-width of the slope's 95 % interval (normal approximation; the windows here have dozens of points).</summary>
    public double SlopeMargin95 => 1.96 * SlopeStandardError;

    /// <summary>What the line climbs over the window.</summary>
    public double Drift => Slope * XRange;

    /// <summary>No climb that the points can tell from their own scatter.</summary>
    public bool IsFlat => Math.Abs(Slope) <= SlopeMargin95 || Math.Abs(Drift) <= 2 * ResidualStandardDeviation;
}
