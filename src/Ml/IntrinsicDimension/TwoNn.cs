using static TorchSharp.torch;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// The TwoNN intrinsic-dimension estimator (Facco et al. 2017) as Ansuini et al. (2019) applied it to the layers of deep
/// networks: every input is one point, its activations flattened (a conv layer's (c, h, w) into c·h·w features); exact
/// nearest neighbours by <see cref="GramNeighbours"/> on the points' device; the estimate by <see cref="TwoNnFit"/>
/// (which also states the rule for duplicate points).
/// <para>
/// All n points are needed at once (each one's neighbours are among all the others), unlike the similarity's streamed
/// covariance: gather a layer's probe batches with <see cref="ActivationPoints"/>. Memory: the points as given (5,000 ×
/// 16,384 float32 activations: 312.5 MiB) plus about <see cref="TwoNnOptions.BlockBytes"/> for the search; time grows as
/// n² · d (one float64 matrix product of all pairs).
/// </para>
/// </summary>
public static class TwoNn
{
    /// <param name="points">(n, features…): n points, each input's remaining dimensions flattened; any floating type, any device; read, not disposed.</param>
    public static TwoNnResult Estimate(Tensor points, TwoNnOptions? options = null)
    {
        options ??= new TwoNnOptions();
        options.Validate();
        using var scope = NewDisposeScope();
        var rows = AsPoints(points);
        var distances = GramNeighbours.Find(rows, options.BlockBytes);
        return TwoNnFit.Fit(distances, rows.shape[1], options.Fraction);
    }

    /// <summary>(n, …) as (n, d): one point per input, the rest flattened (the tensor itself when it is (n, d) already, else a view or a copy).</summary>
    public static Tensor AsPoints(Tensor points)
    {
        if (points.dim() < 2)
            throw new ArgumentException($"Points of shape ({string.Join(", ", points.shape)}): expected (n, features) or (n, channels, height, width).", nameof(points));
        if (!points.is_floating_point())
            throw new ArgumentException($"Points of type {points.dtype}: expected floating-point values.", nameof(points));
        return points.dim() == 2 ? points : points.reshape(points.shape[0], -1);
    }
}
