namespace ActorPipeline.Host.Reports;

/// <summary>The median as the paper reports it over repetitions: the middle value, or the mean of the two middle values for an even count.</summary>
public static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("the median of no values is undefined", nameof(values));
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
