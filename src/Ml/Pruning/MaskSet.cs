using System.Text;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Pruning;

/// <summary>
/// One boolean mask per prunable tensor (true: the parameter survives), keyed by parameter name in the
/// network's parameter order. <see cref="ApplyTo"/> sets every pruned parameter to exactly +0.
/// Saved in a small self-describing binary file (bit-packed, see <see cref="Save"/>).
/// </summary>
public sealed class MaskSet : IDisposable
{
    private static readonly byte[] Magic = "APMASK01"u8.ToArray();
    private static readonly byte[] Trailer = "END!"u8.ToArray();
    private readonly List<Entry> _entries;
    private readonly Dictionary<string, Entry> _byName;
    private bool _disposed;

    private sealed record Entry(string Name, PruningGroup Group, Tensor Alive, Tensor Pruned);

    /// <summary>Takes ownership of the given boolean masks (detached from any dispose scope).</summary>
    internal MaskSet(IEnumerable<(string Name, Tensor Alive)> masks)
    {
        _entries = [];
        _byName = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (name, alive) in masks)
        {
            if (alive.dtype != ScalarType.Bool) throw new ArgumentException($"Mask for {name} must be boolean, not {alive.dtype}.");
            var entry = new Entry(name, GroupOfName(name), alive.DetachFromDisposeScope(), alive.logical_not().DetachFromDisposeScope());
            if (!_byName.TryAdd(name, entry)) throw new ArgumentException($"Mask for {name} appears twice.");
            _entries.Add(entry);
        }
    }

    /// <summary>Names of the masked tensors, in the network's parameter order.</summary>
    public IReadOnlyList<string> Names => _entries.Select(e => e.Name).ToList();

    /// <summary>The boolean mask of <paramref name="name"/> (true: alive). Owned by this set: do not dispose.</summary>
    public Tensor Alive(string name) => _byName.TryGetValue(name, out var e) ? e.Alive
        : throw new KeyNotFoundException($"No mask for \"{name}\"; masked tensors: {string.Join(", ", _byName.Keys)}.");

    /// <summary>The group a masked tensor belongs to.</summary>
    public PruningGroup GroupOf(string name) => _byName.TryGetValue(name, out var e) ? e.Group
        : throw new KeyNotFoundException($"No mask for \"{name}\".");

    /// <summary>All-ones masks for the tensors <paramref name="options"/> make prunable, on the network's device.</summary>
    public static MaskSet Dense(PaperCnn model, PruningOptions options)
    {
        options.Validate();
        return new MaskSet(PrunableParameters(model, options)
            .Select(p => (p.Name, ones(p.Parameter.shape, dtype: ScalarType.Bool, device: p.Parameter.device))));
    }

    /// <summary>The parameters <paramref name="options"/> prune, in the network's parameter order.</summary>
    public static IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter, PruningGroup Group)> PrunableParameters(PaperCnn model, PruningOptions options)
    {
        foreach (var (name, parameter, role) in model.NamedParametersWithRoles())
            if (options.GroupOf(name, role) is { } group)
                yield return (name, parameter, group);
    }

    /// <summary>Sets every pruned parameter of <paramref name="model"/> to +0, in place, without recording gradients.</summary>
    public void ApplyTo(PaperCnn model)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var e in _entries)
        {
            if (!parameters.TryGetValue(e.Name, out var parameter))
                throw new ArgumentException($"The mask covers \"{e.Name}\", which network {model.Spec} does not have.", nameof(model));
            if (!parameter.shape.SequenceEqual(e.Alive.shape))
                throw new ArgumentException($"The mask of \"{e.Name}\" has shape [{string.Join(",", e.Alive.shape)}] but the parameter has [{string.Join(",", parameter.shape)}].", nameof(model));
            parameter.masked_fill_(e.Pruned, 0);
        }
    }

    /// <summary>
    /// Sets the gradient of every pruned parameter entry to 0, in place: a pruned weight must not count in the
    /// gradient norm that clipping scales the survivors by (it is re-masked after the step anyway).
    /// </summary>
    public void ZeroPrunedGradients(PaperCnn model)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var e in _entries)
            if (parameters.TryGetValue(e.Name, out var parameter) && parameter.grad is { } gradient)
                gradient.masked_fill_(e.Pruned, 0);
    }

    /// <summary>Pruned and total counts per tensor, per group and overall.</summary>
    public SparsityReport Sparsity()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var perTensor = new Dictionary<string, TensorSparsity>(StringComparer.Ordinal);
        foreach (var e in _entries)
        {
            using var pruned = e.Pruned.sum();
            perTensor[e.Name] = new TensorSparsity(e.Group, e.Alive.numel(), pruned.item<long>());
        }
        return SparsityReport.From(perTensor);
    }

    /// <summary>Throws unless this set masks exactly <paramref name="expected"/> (order included).</summary>
    public void RequireTensors(IReadOnlyList<string> expected, string what)
    {
        var names = Names;
        if (!names.SequenceEqual(expected))
            throw new InvalidDataException($"{what} masks [{string.Join(", ", names)}] but the pruning options make [{string.Join(", ", expected)}] prunable.");
    }

    /// <summary>
    /// Writes the masks atomically: "APMASK01", entry count (int32), then per entry its name, rank, dims
    /// (int64) and the mask bit-packed (element i of the flattened mask is bit i % 8 of byte i / 8), then "END!".
    /// </summary>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AtomicFile.Write(path, temp =>
        {
            using var stream = File.Create(temp);
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            writer.Write(Magic);
            writer.Write(_entries.Count);
            foreach (var e in _entries)
            {
                writer.Write(e.Name);
                writer.Write(e.Alive.shape.Length);
                foreach (var d in e.Alive.shape) writer.Write(d);
                using var bytes = e.Alive.cpu().to(ScalarType.Byte).contiguous();
                var flat = bytes.data<byte>().ToArray();
                var packed = new byte[(flat.Length + 7) / 8];
                for (int i = 0; i < flat.Length; i++)
                    if (flat[i] != 0) packed[i >> 3] |= (byte)(1 << (i & 7));
                writer.Write(packed);
            }
            writer.Write(Trailer);
        });
    }

    /// <summary>Reads a file written by <see cref="Save"/> onto <paramref name="device"/>; any damage is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static MaskSet Load(string path, Device device)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Mask file {path} does not exist.", path);
        var masks = new List<(string, Tensor)>();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException("it does not start with the mask file signature APMASK01");
            int count = reader.ReadInt32();
            if (count < 0 || count > 10_000) throw new InvalidDataException($"it claims {count} masks");
            for (int n = 0; n < count; n++)
            {
                var name = reader.ReadString();
                if (name.Length == 0) throw new InvalidDataException($"mask {n} has an empty name");
                int rank = reader.ReadInt32();
                if (rank is < 1 or > 8) throw new InvalidDataException($"mask \"{name}\" claims rank {rank}");
                var shape = new long[rank];
                long numel = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt64();
                    if (shape[d] <= 0 || shape[d] > int.MaxValue) throw new InvalidDataException($"mask \"{name}\" claims dimension {shape[d]}");
                    numel = checked(numel * shape[d]);
                }
                if (numel > int.MaxValue) throw new InvalidDataException($"mask \"{name}\" is too large ({numel} elements)");
                int byteCount = (int)((numel + 7) / 8);
                if (stream.Length - stream.Position < byteCount) throw new InvalidDataException($"it ends inside mask \"{name}\"");
                var packed = reader.ReadBytes(byteCount);
                if (numel % 8 != 0 && packed[^1] >> (int)(numel % 8) != 0)
                    throw new InvalidDataException($"mask \"{name}\" has bits set past its last element");
                var alive = new bool[numel];
                for (int i = 0; i < alive.Length; i++) alive[i] = (packed[i >> 3] >> (i & 7) & 1) != 0;
                masks.Add((name, tensor(alive, shape, device: device)));
            }
            if (!reader.ReadBytes(Trailer.Length).AsSpan().SequenceEqual(Trailer))
                throw new InvalidDataException("its end marker is missing (truncated or overwritten)");
            if (stream.Position != stream.Length) throw new InvalidDataException("it has bytes after its end marker");
            return new MaskSet(masks);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or ArgumentException)
        {
            foreach (var (_, t) in masks) t.Dispose();
            var reason = e is EndOfStreamException ? "it is truncated" : e.Message;
            throw new InvalidDataException($"Mask file {path} is unreadable: {reason}.", e);
        }
    }

    /// <summary>Conv for names of conv blocks ("conv3.conv.weight", "conv2.bn.bias"), fc for hidden fc blocks and the output layer.</summary>
    public static PruningGroup GroupOfName(string name) =>
        name.StartsWith("conv", StringComparison.Ordinal) ? PruningGroup.Conv
        : name.StartsWith("fc", StringComparison.Ordinal) || name.StartsWith("output", StringComparison.Ordinal) ? PruningGroup.Fc
        : throw new ArgumentException($"Parameter \"{name}\" belongs to no pruning group.", nameof(name));

    /// <summary>The layer (block) a parameter belongs to: the part of its name before the first dot.</summary>
    public static string LayerOfName(string name) => name.Split('.')[0];

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var e in _entries) { e.Alive.Dispose(); e.Pruned.Dispose(); }
    }
}
