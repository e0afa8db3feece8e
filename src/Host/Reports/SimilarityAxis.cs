namespace ActorPipeline.Host.Reports;

/// <summary>
/// The y range of a similarity figure (Figure 2, its comparison), padded. Similarity indices live in [0, 1]: such values
/// end the axis at 1 and start it at the tenth below the lowest; anything else (a metric outside [0, 1]) spans its values.
/// </summary>
internal static class SimilarityAxis
{
    public static (double Bottom, double Top) Range(IEnumerable<double> values)
    {
        var all = values.DefaultIfEmpty(0).ToList();
        var (low, high) = (all.Min(), all.Max());
        if (low >= 0 && high <= 1)
            (low, high) = (Math.Max(0, Math.Floor((low - 0.02) * 10) / 10), 1);
        var pad = Math.Max((high - low) * 0.04, 0.01);
        return (low - pad, high + pad);
    }
}
