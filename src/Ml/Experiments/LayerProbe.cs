using System.Diagnostics;
using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.IntrinsicDimension;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Ml.Telemetry;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// One layer measured at one IMP iteration from the probe batches, in order: the similarity of the pruned network to the
/// dense one (<see cref="LayerMeasurement"/>, streamed into a covariance) and, where <paramref name="targets"/> ask for it,
/// the TwoNN intrinsic dimension of either network on the first <paramref name="points"/> probe images. TwoNN needs all of
/// its points at once, so only those are copied from the batches (never more: the covariance holds nothing per point).
/// The similarity actors and the in-process measurement of `imp` both use it, so either way gives the same numbers.
/// </summary>
public sealed class LayerProbe : IDisposable
{
    private readonly ProbeLayer _layer;
    private readonly LayerMeasurement _similarity;
    private ActivationPoints? _dense;
    private ActivationPoints? _pruned;
    private readonly ComputeSettings? _compute;

    /// <param name="compute">The plan's compute settings, applied on the thread of every call (the similarity actors' threads are not the training's); null: the thread's own.</param>
    public LayerProbe(ProbeLayer layer, IntrinsicDimensionTargets targets = default, int points = 0, ComputeSettings? compute = null)
    {
        _compute = compute;
        if (targets.Any && points < ProblemPlan.MinimumIntrinsicDimensionPoints)
            throw new ArgumentOutOfRangeException(nameof(points), points, $"The intrinsic dimension needs at least {ProblemPlan.MinimumIntrinsicDimensionPoints} points.");
        _layer = layer;
        _similarity = new LayerMeasurement(layer.Name);
        if (targets.Dense) _dense = new ActivationPoints(points);
        if (targets.Pruned) _pruned = new ActivationPoints(points);
    }

    /// <summary>Seconds the intrinsic dimension took in <see cref="Finish"/> (both networks); 0 when none was measured.</summary>
    public double IntrinsicDimensionSeconds { get; private set; }

    /// <summary>Adds one probe batch of the layer in both networks (read, not disposed); returns the similarity's datapoints so far.</summary>
    public long Add(Tensor dense, Tensor pruned)
    {
        _compute?.ApplyThreadsHere();
        long datapoints = _similarity.Add(dense, pruned);
        _dense?.AddWhileRoom(dense);
        _pruned?.AddWhileRoom(pruned);
        return datapoints;
    }

    /// <summary>The layer's metrics and, where asked, intrinsic dimensions; each estimate is a child span "intrinsic dimension" of the current one.</summary>
    public LayerSimilarity Finish(SimilarityOptions options, TwoNnOptions? idOptions = null)
    {
        _compute?.ApplyThreadsHere();
        var result = LayerSimilarity.From(_layer, _similarity.Finish(options));
        var watch = Stopwatch.StartNew();
        // one network's points at a time: the dense ones are freed before the pruned ones are searched
        var dense = Estimate(ref _dense, "dense", idOptions);
        var pruned = Estimate(ref _pruned, "pruned", idOptions);
        IntrinsicDimensionSeconds = dense is null && pruned is null ? 0 : watch.Elapsed.TotalSeconds;
        return result with { DenseIntrinsicDimension = dense, IntrinsicDimension = pruned };
    }

    private LayerIntrinsicDimension? Estimate(ref ActivationPoints? gathered, string network, TwoNnOptions? options)
    {
        if (gathered is not { } points) return null;
        try
        {
            using var span = PipelineDiagnostics.Source.StartActivity("intrinsic dimension");
            span?.SetTag("layer", _layer.Name);
            span?.SetTag("network", network);
            span?.SetTag("points", points.Count);
            span?.SetTag("features", points.Features);
            var estimate = points.Count < ProblemPlan.MinimumIntrinsicDimensionPoints
                ? new LayerIntrinsicDimension(null, $"{points.Count} probe images reached the layer; TwoNN needs at least {ProblemPlan.MinimumIntrinsicDimensionPoints}", (int)points.Count, points.Features, 0, 0)
                : LayerIntrinsicDimension.From(points.Estimate(options));
            span?.SetTag("intrinsic_dimension", estimate.Dimension);
            if (estimate.Undefined is { } reason) span?.SetTag("intrinsic_dimension.undefined", reason);
            span?.SetTag("duplicate_points", estimate.DuplicatePoints);
            return estimate;
        }
        finally
        {
            points.Dispose();
            gathered = null;
        }
    }

    public void Dispose()
    {
        _similarity.Dispose();
        _dense?.Dispose();
        _pruned?.Dispose();
    }
}
