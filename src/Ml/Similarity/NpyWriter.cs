using System.Runtime.InteropServices;

namespace ActorPipeline.Ml.Similarity;

/// <summary>Writes C-order little-endian float32/float64 arrays as NumPy .npy files (format 1.0).</summary>
public static class NpyWriter
{
    public static void Write(string path, float[] values, params long[] shape) => Write(path, false, MemoryMarshal.AsBytes(values.AsSpan()), values.Length, shape);

    public static void Write(string path, double[] values, params long[] shape) => Write(path, true, MemoryMarshal.AsBytes(values.AsSpan()), values.Length, shape);

    private static void Write(string path, bool isFloat64, ReadOnlySpan<byte> data, long count, long[] shape)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != count)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) does not hold {count} values.");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing .npy needs a little-endian machine.");
        using var stream = File.Create(path);
        stream.Write(NpyHeader.Encode(isFloat64, shape));
        stream.Write(data);
    }
}
