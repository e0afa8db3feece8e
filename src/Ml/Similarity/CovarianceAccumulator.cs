using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// Streams activations of two layers for the same inputs into their count, means and joint co-moment
/// matrix Σ (z − mean)(z − mean)ᵀ of z = [a | b], in float64 on the accumulator's device. Memory is
/// O((p + q)²) whatever the number of datapoints. Batches (and chunks within a batch) are combined with the
/// pairwise update of Chan, Golub and LeVeque, which is also how two accumulators merge; the result equals a
/// one-batch computation up to rounding.
/// </summary>
public sealed class CovarianceAccumulator : IDisposable
{
    // A batch is processed in row chunks of about this many float64 values, bounding the working memory.
    private const long ChunkValues = 4L << 20;

    private readonly Tensor _mean;
    private readonly Tensor _comoment;
    private long _batches;

    public CovarianceAccumulator(int featuresA, int featuresB, Device device)
    {
        if (featuresA < 1 || featuresB < 1)
            throw new ArgumentException($"Both layers need at least one feature (got {featuresA} and {featuresB}).");
        FeaturesA = featuresA;
        FeaturesB = featuresB;
        Device = device;
        int total = featuresA + featuresB;
        _mean = zeros(total, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        _comoment = zeros(new long[] { total, total }, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
    }

    public int FeaturesA { get; }
    public int FeaturesB { get; }
    public Device Device { get; }

    /// <summary>Datapoints accumulated: inputs for fully connected layers, inputs × positions for conv layers.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Adds one batch: <paramref name="a"/> and <paramref name="b"/> are (n, p) or (n, c, h, w) activations of
    /// the same n inputs. The inputs are read, not disposed; they are copied to the accumulator's device if elsewhere.
    /// </summary>
    public void Add(Tensor a, Tensor b)
    {
        long batch = _batches;
        using var scope = NewDisposeScope();
        if (a.shape[0] != b.shape[0])
            throw new ArgumentException($"Batch {batch}: layer A has {a.shape[0]} inputs but layer B has {b.shape[0]}; both must be activations of the same inputs.");
        CheckLayout(a, FeaturesA, "A");
        CheckLayout(b, FeaturesB, "B");
        long positionsA = ActivationLayout.DatapointsPerInput(a.shape), positionsB = ActivationLayout.DatapointsPerInput(b.shape);
        if (positionsA != positionsB)
            throw new ArgumentException(
                $"Batch {batch}: layer A gives {a.shape[0] * positionsA} datapoints (shape {Describe(a)}) but layer B gives {b.shape[0] * positionsB} (shape {Describe(b)}); "
                + "conv layers must have the same spatial size (pool or interpolate one first), and a conv layer cannot be compared with a fully connected one position by position.");
        // checked on the whole batch before anything is added, so a bad batch leaves the accumulator as it was
        CheckFinite(a, "A", batch);
        CheckFinite(b, "B", batch);
        _batches++;

        // chunks of whole inputs: the (n, c, h, w) → (n·h·w, c) copy and the float64 copies exist for one chunk at a time
        long inputs = a.shape[0];
        long chunkInputs = Math.Max(1, ChunkValues / ((FeaturesA + FeaturesB) * positionsA));
        for (long start = 0; start < inputs; start += chunkInputs)
        {
            using var chunkScope = NewDisposeScope();
            long length = Math.Min(chunkInputs, inputs - start);
            var rowsA = ActivationLayout.AsRows(a.narrow(0, start, length), "A").to(ScalarType.Float64, Device);
            var rowsB = ActivationLayout.AsRows(b.narrow(0, start, length), "B").to(ScalarType.Float64, Device);
            var meanA = rowsA.mean([0]);
            var meanB = rowsB.mean([0]);
            var centredA = Centre(rowsA, meanA, OwnsCopy(a));
            var centredB = Centre(rowsB, meanB, OwnsCopy(b));
            // three blocks instead of [A|B]ᵀ[A|B]: the B×A block is the transpose of the A×B one
            var crossAB = centredA.t().mm(centredB);
            var comoment = cat([cat([centredA.t().mm(centredA), crossAB], 1), cat([crossAB.t(), centredB.t().mm(centredB)], 1)], 0);
            Combine(rowsA.shape[0], cat([meanA, meanB]), comoment);
        }
    }

    /// <summary>Adds everything <paramref name="other"/> accumulated (which stays as it is), as if its batches had been added here.</summary>
    public void Merge(CovarianceAccumulator other)
    {
        if (other.FeaturesA != FeaturesA || other.FeaturesB != FeaturesB)
            throw new ArgumentException($"Cannot merge an accumulator of {other.FeaturesA}+{other.FeaturesB} features into one of {FeaturesA}+{FeaturesB}.");
        if (ReferenceEquals(other, this))
            throw new ArgumentException("An accumulator cannot be merged into itself.");
        if (other.Count == 0) return;
        using var scope = NewDisposeScope();
        Combine(other.Count, other._mean.to(Device), other._comoment.to(Device));
        _batches += other._batches;
    }

    /// <summary>The accumulated statistics, copied to the CPU; covariances are sample covariances (divided by Count − 1).</summary>
    public JointCovariance ToCovariance()
    {
        if (Count < 2)
            throw new InvalidOperationException($"A covariance needs at least 2 datapoints; {Count} accumulated.");
        using var scope = NewDisposeScope();
        var mean = _mean.cpu().data<double>().ToArray();
        var covariance = _comoment.div(Count - 1).cpu();
        int p = FeaturesA, q = FeaturesB;
        return new JointCovariance(Count, mean[..p], mean[p..],
            ToArray(covariance.narrow(0, 0, p).narrow(1, 0, p)),
            ToArray(covariance.narrow(0, p, q).narrow(1, p, q)),
            ToArray(covariance.narrow(0, 0, p).narrow(1, p, q)));
    }

    public void Dispose()
    {
        _mean.Dispose();
        _comoment.Dispose();
    }

    /// <summary>Chan et al.'s pairwise update with a part of <paramref name="count"/> datapoints, its mean and its co-moment.</summary>
    private void Combine(long count, Tensor mean, Tensor comoment)
    {
        long before = Count;
        long after = before + count;
        var delta = mean.sub(_mean);
        _mean.add_(delta, alpha: (double)count / after);
        _comoment.add_(comoment);
        if (before > 0) _comoment.add_(delta.outer(delta), alpha: (double)before * count / after);
        Count = after;
    }

    private static void CheckLayout(Tensor activations, int expected, string layer)
    {
        long features = activations.dim() is 2 or 4
            ? activations.shape[1]
            : throw new ArgumentException($"Layer {layer}: activations of shape {Describe(activations)} are neither (n, features) nor (n, channels, height, width).");
        if (features != expected)
            throw new ArgumentException($"Layer {layer}: activations of shape {Describe(activations)} have {features} features, but the accumulator was made for {expected}.");
    }

    /// <summary>True when the float64 rows of <paramref name="input"/> are a fresh copy that may be centred in place.</summary>
    private bool OwnsCopy(Tensor input) => input.dtype != ScalarType.Float64 || input.device.type != Device.type || input.device.index != Device.index;

    // in place saves an allocation and a pass, but for float64 input on this device .to() returns the caller's own tensor
    private static Tensor Centre(Tensor rows, Tensor mean, bool inPlace) => inPlace ? rows.sub_(mean) : rows.sub(mean);

    private static void CheckFinite(Tensor activations, string layer, long batch)
    {
        if (!activations.is_floating_point()) return;
        // one cheap pass: the float64 sum is finite unless a value is NaN or ±Inf (or float64 input overflows it;
        // the exact count below then finds nothing and the batch is accepted)
        using (var sum = activations.sum(ScalarType.Float64))
            if (double.IsFinite(sum.item<double>())) return;
        using var finite = isfinite(activations);
        using var bad = finite.logical_not_().sum();
        long count = bad.item<long>();
        if (count > 0)
            throw new ArgumentException($"Layer {layer}, batch {batch}: {count} activation value(s) are NaN or infinite; no part of this batch was added.");
    }

    private static string Describe(Tensor t) => $"({string.Join(", ", t.shape)})";

    private static double[,] ToArray(Tensor block)
    {
        using var contiguous = block.contiguous();
        var flat = contiguous.data<double>().ToArray();
        var result = new double[block.shape[0], block.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
