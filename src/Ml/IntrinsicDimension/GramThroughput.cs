using System.Diagnostics;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// How fast a device multiplies float64 matrices (floating-point operations per second): the work of TwoNN's exact
/// neighbour search (<see cref="GramNeighbours"/>), measured briefly for a sweep's cost estimate.
/// </summary>
public static class GramThroughput
{
    /// <summary>The best of <paramref name="repeats"/> timed products of a (rows × features) block with its transpose, after one untimed.</summary>
    public static double Measure(Device device, int rows = 512, int features = 4096, int repeats = 3)
    {
        if (rows < 1 || features < 1 || repeats < 1) throw new ArgumentOutOfRangeException(nameof(rows), "Rows, features and repeats must be positive.");
        using var scope = NewDisposeScope();
        using var generator = new Generator(0, device);
        var block = rand([rows, features], dtype: ScalarType.Float64, device: device, generator: generator);
        double best = double.PositiveInfinity;
        for (int i = 0; i <= repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var product = block.mm(block.t()))
                product[0, 0].item<double>(); // waits for the device
            if (i > 0) best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * rows * rows * features / Math.Max(best, 1e-9);
    }
}
