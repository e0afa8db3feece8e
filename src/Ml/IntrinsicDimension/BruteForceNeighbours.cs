using System.Numerics;
using System.Runtime.InteropServices;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// The plain way to the same distances, for `bench id` to measure <see cref="GramNeighbours"/> against: in managed float64,
/// every pair's ‖x − y‖² summed feature by feature (SIMD-wide), O(n² · d), rows in parallel on the CPU cores.
/// Its memory is the float64 copy of the points.
/// </summary>
public static class BruteForceNeighbours
{
    /// <param name="points">n × d values, row-major (one point per row).</param>
    public static NeighbourDistances Find(double[] points, int n, int d)
    {
        if (n < 3) throw new ArgumentException($"TwoNN needs at least 3 points (each needs two neighbours); got {n}.", nameof(n));
        if (d < 1 || (long)n * d != points.Length) throw new ArgumentException($"{points.Length} values are not {n} points of {d} features.", nameof(points));
        var first = new double[n];
        var second = new double[n];
        Parallel.For(0, n, i =>
        {
            var x = points.AsSpan(i * d, d);
            double nearest = double.PositiveInfinity, next = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double squared = SquaredDistance(x, points.AsSpan(j * d, d));
                if (squared < nearest) (nearest, next) = (squared, nearest);
                else if (squared < next) next = squared;
            }
            first[i] = Math.Sqrt(nearest);
            second[i] = Math.Sqrt(next);
        });
        return new NeighbourDistances(first, second);
    }

    private static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var wideX = MemoryMarshal.Cast<double, Vector<double>>(x);
        var wideY = MemoryMarshal.Cast<double, Vector<double>>(y);
        var sum = Vector<double>.Zero;
        for (int k = 0; k < wideX.Length; k++)
        {
            var difference = wideX[k] - wideY[k];
            sum += difference * difference;
        }
        double total = Vector.Sum(sum);
        for (int k = wideX.Length * Vector<double>.Count; k < x.Length; k++)
        {
            double difference = x[k] - y[k];
            total += difference * difference;
        }
        return total;
    }
}
