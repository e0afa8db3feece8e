using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Host.Planning;

/// <summary>
/// What a sweep's intrinsic dimension costs, counted from its plan: TwoNN's exact neighbour search is one float64 Gram
/// matrix of the n points per layer, about 2·n²·d floating-point operations for d features (the blockwise search adds
/// conversions and a few exact recomputations, noise beside it); the points are held at once, n·d float32 values per layer,
/// and every layer's are gathered in the same probe pass (the first repetition's first measurement holds the dense
/// network's and the pruned one's together).
/// </summary>
public sealed record IntrinsicDimensionCost(string Problem, IntrinsicDimensionScope Scope, int Points, int Estimates, int Layers, long WidestLayer, double OperationsPerEstimate, long PeakPointBytes)
{
    /// <summary>Floating-point operations of every estimate of the problem.</summary>
    public double Operations => OperationsPerEstimate * Estimates;

    /// <summary>Time on one device that multiplies float64 matrices at <paramref name="flopsPerSecond"/>, spread over <paramref name="devices"/>.</summary>
    public TimeSpan Time(double flopsPerSecond, int devices) => TimeSpan.FromSeconds(Operations / flopsPerSecond / Math.Max(1, devices));

    /// <param name="layerFeatures">Features per input of each probed layer (<see cref="ProbeLayerShapes"/>).</param>
    public static IntrinsicDimensionCost Of(ProblemPlan plan, IReadOnlyList<long> layerFeatures)
    {
        var id = plan.IntrinsicDimensions();
        if (id.Scope == IntrinsicDimensionScope.Off) return new(plan.Problem, id.Scope, 0, 0, layerFeatures.Count, layerFeatures.DefaultIfEmpty().Max(), 0, 0);
        // the dense network once per problem; with "all" every pruned iteration of every repetition as well
        int estimates = 1 + (id.Scope == IntrinsicDimensionScope.All ? plan.Repetitions * plan.Iterations : 0);
        double n = id.Points;
        double operations = layerFeatures.Sum(d => 2 * n * n * d);
        long pointBytes = layerFeatures.Sum(d => (long)id.Points * d * sizeof(float));
        long peak = id.Scope == IntrinsicDimensionScope.All ? 2 * pointBytes : pointBytes;
        return new(plan.Problem, id.Scope, id.Points, estimates, layerFeatures.Count, layerFeatures.DefaultIfEmpty().Max(), operations, peak);
    }
}
