namespace ActorPipeline.Host.Reports;

/// <summary>
/// The lower and upper quartile of values over repetitions, the ends of their interquartile range: the 25th and 75th
/// percentiles by linear interpolation between order statistics (numpy.percentile's default, R's type 7), so that the
/// 50th is the <see cref="Median"/>.
/// </summary>
public readonly record struct Quartiles(double Lower, double Upper)
{
    public static Quartiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("the quartiles of no values are undefined", nameof(values));
        return new Quartiles(Percentile(sorted, 0.25), Percentile(sorted, 0.75));
    }

    /// <summary>Position (n − 1)·p among the sorted values, interpolated between its two neighbours.</summary>
    private static double Percentile(double[] sorted, double fraction)
    {
        double position = (sorted.Length - 1) * fraction;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
