using static TorchSharp.torch;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// Exact first and second nearest-neighbour distances of n points on the points' device, in float64, with memory
/// bounded whatever n and d: the points are taken in blocks of rows, and for each pair of blocks the squared distances
/// come from one matrix product, ‖x‖² + ‖y‖² − 2 x·y, never the n × n matrix. Each point keeps its
/// <see cref="Candidates"/> nearest by that formula, whose cancellation can misorder near-equal distances, and their
/// distances are then recomputed exactly as ‖x − y‖ (a duplicate gives exactly 0 there, the formula only nearly).
/// <para>
/// Blocks are converted to float64 and centred (the mean of all points subtracted: distances do not change, and the
/// formula's cancellation shrinks with ‖x‖²) as they are used, so the points stay as given (float32 activations) and the
/// search needs about <see cref="TwoNnOptions.BlockBytes"/> beyond them. On the CPU the result is deterministic.
/// </para>
/// </summary>
public static class GramNeighbours
{
    /// <summary>Nearest points per point by the Gram formula whose distances are recomputed exactly (two are needed; the rest absorb rounding).</summary>
    public const int Candidates = 4;

    /// <param name="points">(n, d) points; read, not changed or disposed. Any floating type, any device.</param>
    public static NeighbourDistances Find(Tensor points, long blockBytes)
    {
        if (points.dim() != 2) throw new ArgumentException($"Points of shape ({string.Join(", ", points.shape)}): expected (n, d).", nameof(points));
        long n = points.shape[0], d = points.shape[1];
        if (n < 3) throw new ArgumentException($"TwoNN needs at least 3 points (each needs two neighbours); got {n}.", nameof(points));
        if (n > int.MaxValue) throw new ArgumentException($"{n} points are too many.", nameof(points));
        int candidates = (int)Math.Min(Candidates, n - 1);
        long block = BlockRows(n, d, blockBytes);
        var first = new double[n];
        var second = new double[n];

        using var scope = NewDisposeScope();
        var mean = Mean(points, block);
        var squaredNorms = empty(n, dtype: ScalarType.Float64, device: points.device);
        for (long start = 0; start < n; start += block)
        {
            using var blockScope = NewDisposeScope();
            long length = Math.Min(block, n - start);
            squaredNorms.narrow(0, start, length).copy_(Centred(points, mean, start, length).square().sum(1));
        }

        for (long rowStart = 0; rowStart < n; rowStart += block)
        {
            using var rowScope = NewDisposeScope();
            long rowLength = Math.Min(block, n - rowStart);
            var rows = Centred(points, mean, rowStart, rowLength);
            var rowNorms = squaredNorms.narrow(0, rowStart, rowLength).unsqueeze(1);
            Tensor? nearest = null, nearestIndex = null;
            for (long columnStart = 0; columnStart < n; columnStart += block)
            {
                using var columnScope = NewDisposeScope();
                long columnLength = Math.Min(block, n - columnStart);
                bool diagonal = columnStart == rowStart;
                var columns = diagonal ? rows : Centred(points, mean, columnStart, columnLength);
                var squared = rows.mm(columns.t()).mul_(-2).add_(rowNorms).add_(squaredNorms.narrow(0, columnStart, columnLength).unsqueeze(0));
                // a point is not its own neighbour (a duplicate elsewhere is, at distance 0)
                if (diagonal) squared.diagonal().fill_(double.PositiveInfinity);
                var (values, indices) = squared.topk((int)Math.Min(candidates, columnLength), dim: 1, largest: false);
                indices.add_(columnStart);
                if (nearest is not null)
                {
                    var merged = cat([nearest, values], 1);
                    var mergedIndex = cat([nearestIndex!, indices], 1);
                    (values, var order) = merged.topk((int)Math.Min(candidates, merged.shape[1]), dim: 1, largest: false);
                    indices = mergedIndex.gather(1, order);
                    nearest.Dispose();
                    nearestIndex!.Dispose();
                }
                nearest = values.MoveToOuterDisposeScope();
                nearestIndex = indices.MoveToOuterDisposeScope();
            }

            // exact distances of the candidates, one candidate per row at a time (a block of rows each), then the two smallest
            var exact = empty([rowLength, candidates], dtype: ScalarType.Float64, device: points.device);
            for (int k = 0; k < candidates; k++)
            {
                using var candidateScope = NewDisposeScope();
                exact.select(1, k).copy_(Centred(points, mean, nearestIndex!.select(1, k)).sub_(rows).pow_(2).sum(1));
            }
            exact = exact.sort(dim: 1).Values.sqrt_().cpu();
            exact.select(1, 0).contiguous().data<double>().CopyTo(first, (int)rowStart);
            exact.select(1, 1).contiguous().data<double>().CopyTo(second, (int)rowStart);
        }
        return new NeighbourDistances(first, second);
    }

    /// <summary>
    /// Rows per block for about <paramref name="bytes"/> of working memory: <see cref="BytesPerRow"/> per row and the block
    /// of squared distances (rows², float64).
    /// </summary>
    internal static long BlockRows(long n, long d, long bytes)
    {
        // the largest b with 8·b² + BytesPerRow·b ≤ bytes
        double perRow = BytesPerRow(d);
        double rows = (Math.Sqrt(perRow * perRow + 4.0 * sizeof(double) * bytes) - perRow) / (2.0 * sizeof(double));
        return Math.Clamp((long)rows, 1, n);
    }

    /// <summary>A block's memory per row: float64 copies of a row, of a column and of a candidate neighbour (d values each).</summary>
    internal static long BytesPerRow(long d) => 3 * sizeof(double) * d;

    /// <summary>The float64 mean of all points, read block by block; NaN or infinite values are refused first.</summary>
    private static Tensor Mean(Tensor points, long block)
    {
        long n = points.shape[0];
        var sum = zeros(points.shape[1], dtype: ScalarType.Float64, device: points.device);
        for (long start = 0; start < n; start += block)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(block, n - start);
            var rows = points.narrow(0, start, length);
            var finite = isfinite(rows).all(1);
            if (!finite.all().item<bool>())
            {
                long bad = start + finite.logical_not().nonzero()[0, 0].item<long>();
                throw new ArgumentException($"Point {bad} has a NaN or infinite feature; TwoNN needs finite points.");
            }
            sum.add_(rows.sum(0, type: ScalarType.Float64));
        }
        return sum.div_(n);
    }

    /// <summary>Rows start … start + length − 1 as a fresh float64 copy, centred (the caller's points are never written).</summary>
    private static Tensor Centred(Tensor points, Tensor mean, long start, long length) =>
        points.narrow(0, start, length).to(ScalarType.Float64, copy: true).sub_(mean);

    /// <summary>The rows <paramref name="rowIndices"/> as a fresh float64 copy, centred.</summary>
    private static Tensor Centred(Tensor points, Tensor mean, Tensor rowIndices) =>
        points.index_select(0, rowIndices).to(ScalarType.Float64, copy: true).sub_(mean);
}
