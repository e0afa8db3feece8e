using static TorchSharp.torch;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// One layer's activations gathered batch by batch into a single preallocated (n, d) tensor on the batches' device and in
/// their type, one flattened row per input, for <see cref="TwoNn"/> (which needs every point at once). The probe batches a
/// sweep already computes ((b, p) or (b, c, h, w), in probe order) go in as they come; nothing is concatenated, so the
/// memory is the n × d values once (5,000 × 16,384 float32: 312.5 MiB). The batches are copied, not kept.
/// </summary>
public sealed class ActivationPoints(long capacity) : IDisposable
{
    private Tensor? _points;

    /// <summary>Inputs the tensor holds room for (the probe size).</summary>
    public long Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Room for at least one input is needed.");

    /// <summary>Inputs added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Features per input (c·h·w for a conv layer); 0 before the first batch.</summary>
    public long Features => _points?.shape[1] ?? 0;

    /// <summary>Copies one batch in: (b, p) or (b, c, h, w); the first batch fixes the features, the type and the device.</summary>
    public void Add(Tensor batch)
    {
        using var scope = NewDisposeScope();
        var rows = TwoNn.AsPoints(batch);
        long count = rows.shape[0];
        if (_points is null)
            _points = empty([Capacity, rows.shape[1]], dtype: rows.dtype, device: rows.device).DetachFromDisposeScope();
        else if (rows.shape[1] != Features)
            throw new ArgumentException($"A batch of shape ({string.Join(", ", batch.shape)}) has {rows.shape[1]} features per input; the earlier batches had {Features}.", nameof(batch));
        if (Count + count > Capacity)
            throw new ArgumentException($"A batch of {count} inputs after {Count} exceeds the {Capacity} inputs there is room for.", nameof(batch));
        _points.narrow(0, Count, count).copy_(rows);
        Count += count;
    }

    /// <summary>
    /// Copies in the batch's first inputs while there is room, and returns how many: a subsample of the probe set is its
    /// first inputs, whatever the batch size. A batch after the room is full is not read at all.
    /// </summary>
    public long AddWhileRoom(Tensor batch)
    {
        long take = Math.Min(Capacity - Count, batch.shape[0]);
        if (take <= 0) return 0;
        using var scope = NewDisposeScope();
        Add(take == batch.shape[0] ? batch : batch.narrow(0, 0, take));
        return take;
    }

    /// <summary>The inputs added so far as (Count, Features): a view of the gathered tensor, valid until this is disposed.</summary>
    public Tensor Points => _points?.narrow(0, 0, Count) ?? throw new InvalidOperationException("No activations have been added.");

    /// <summary>TwoNN on the inputs added so far.</summary>
    public TwoNnResult Estimate(TwoNnOptions? options = null)
    {
        using var scope = NewDisposeScope();
        return TwoNn.Estimate(Points, options);
    }

    public void Dispose()
    {
        _points?.Dispose();
        _points = null;
    }
}
