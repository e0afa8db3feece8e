using System.Diagnostics;

namespace ActorPipeline.Actors.Bench;

/// <summary>Latencies in milliseconds, added from any thread; percentiles by nearest rank.</summary>
public sealed class LatencySamples
{
    private readonly Lock _lock = new();
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get { lock (_lock) return _milliseconds.Count; }
    }

    /// <summary>Adds the time from <paramref name="start"/> to <paramref name="end"/> (<see cref="Stopwatch.GetTimestamp"/> values).</summary>
    public void Add(long start, long end)
    {
        double milliseconds = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
        lock (_lock) _milliseconds.Add(milliseconds);
    }

    /// <summary>The <paramref name="percentile"/> (0..100) by nearest rank; NaN without samples.</summary>
    public double Percentile(double percentile)
    {
        double[] sorted;
        lock (_lock) sorted = [.. _milliseconds];
        if (sorted.Length == 0) return double.NaN;
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
