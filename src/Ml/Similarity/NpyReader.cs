using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>Reads a .npy activation file (n, p) or (n, c, h, w) a few inputs at a time, never the whole file at once.</summary>
public sealed class NpyReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _valuesPerInput;

    public NpyReader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Activation file {path} does not exist.", path);
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Header = NpyHeader.Read(_stream, path);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
        _valuesPerInput = Header.ElementCount / Header.Shape[0];
        _stream.Position = Header.DataOffset;
    }

    public string Path { get; }
    public NpyHeader Header { get; }
    public IReadOnlyList<long> Shape => Header.Shape;

    /// <summary>Number of inputs (the first dimension).</summary>
    public long Inputs => Header.Shape[0];
    public long InputsRead { get; private set; }

    /// <summary>How many inputs fit in about <paramref name="bytes"/> bytes (at least one).</summary>
    public long InputsPerChunk(long bytes) => Math.Max(1, bytes / (_valuesPerInput * Header.ItemSize));

    /// <summary>The next up to <paramref name="maxInputs"/> inputs as a float32 or float64 CPU tensor of the file's shape; null at the end.</summary>
    public Tensor? ReadNext(long maxInputs)
    {
        long count = Math.Min(maxInputs, Inputs - InputsRead);
        if (count <= 0) return null;
        long bytes = count * _valuesPerInput * Header.ItemSize;
        if (bytes > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(maxInputs), $"{count} inputs of {Path} are more than one array can hold; read fewer at a time.");
        var buffer = new byte[bytes];
        _stream.ReadExactly(buffer);
        var shape = Header.Shape.ToArray();
        shape[0] = count;
        InputsRead += count;
        return Header.IsFloat64
            ? tensor(MemoryMarshal.Cast<byte, double>(buffer).ToArray(), shape, ScalarType.Float64)
            : tensor(MemoryMarshal.Cast<byte, float>(buffer).ToArray(), shape, ScalarType.Float32);
    }

    public void Dispose() => _stream.Dispose();
}
