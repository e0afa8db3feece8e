using System.Text;
using System.Text.RegularExpressions;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// The header of a NumPy .npy file (format versions 1–3): little-endian float32 or float64, C order.
/// Anything else is an <see cref="InvalidDataException"/> naming the file and the problem.
/// </summary>
public sealed partial record NpyHeader(bool IsFloat64, long[] Shape, long DataOffset)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public int ItemSize => IsFloat64 ? 8 : 4;
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
    public string Descr => IsFloat64 ? "<f8" : "<f4";

    public static NpyHeader Read(Stream stream, string path)
    {
        var name = Path.GetFileName(path);
        var start = new byte[10];
        if (stream.ReadAtLeast(start, 10, throwOnEndOfStream: false) < 10 || !start.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a NumPy .npy file (the magic string \\x93NUMPY is missing).");
        int major = start[6];
        long headerLength;
        int prefix;
        if (major == 1)
        {
            headerLength = BitConverter.ToUInt16(start, 8);
            prefix = 10;
        }
        else if (major is 2 or 3)
        {
            var more = new byte[2];
            if (stream.ReadAtLeast(more, 2, throwOnEndOfStream: false) < 2) throw new InvalidDataException($"{name}: the .npy header is truncated.");
            headerLength = BitConverter.ToUInt32([start[8], start[9], more[0], more[1]]);
            prefix = 12;
        }
        else throw new InvalidDataException($"{name}: unsupported .npy format version {major}.{start[7]} (1.0, 2.0 and 3.0 are read).");
        if (headerLength > 1 << 20) throw new InvalidDataException($"{name}: the .npy header claims {headerLength} bytes, which is not plausible.");

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, (int)headerLength, throwOnEndOfStream: false) < headerLength)
            throw new InvalidDataException($"{name}: the .npy header is truncated.");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException($"{name}: the .npy header \"{header.Trim()}\" lacks 'descr', 'fortran_order' or 'shape'.");
        if (fortran.Groups[1].Value == "True")
            throw new InvalidDataException($"{name}: the array is stored in Fortran (column-major) order; save it in C order (np.ascontiguousarray) first.");
        bool isFloat64 = descr.Groups[1].Value switch
        {
            "<f4" => false,
            "<f8" => true,
            var other => throw new InvalidDataException($"{name}: unsupported dtype '{other}'; only little-endian float32 ('<f4') and float64 ('<f8') are read."),
        };
        long[] dims;
        try
        {
            dims = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{name}: the shape ({shape.Groups[1].Value}) is not a list of sizes.");
        }
        if (dims.Length is not (2 or 4))
            throw new InvalidDataException($"{name}: shape ({string.Join(", ", dims)}) is neither (n, features) nor (n, channels, height, width).");
        if (dims.Any(d => d < 1)) throw new InvalidDataException($"{name}: shape ({string.Join(", ", dims)}) has an empty dimension.");

        var result = new NpyHeader(isFloat64, dims, prefix + headerLength);
        if (stream.CanSeek && stream.Length != result.DataOffset + result.ElementCount * result.ItemSize)
            throw new InvalidDataException($"{name}: holds {stream.Length - result.DataOffset} data bytes but shape ({string.Join(", ", dims)}) of {result.Descr} needs {result.ElementCount * result.ItemSize}; the file is truncated or has trailing data.");
        return result;
    }

    /// <summary>The header bytes (format 1.0, padded so the data starts at a multiple of 64 bytes).</summary>
    public static byte[] Encode(bool isFloat64, IReadOnlyList<long> shape)
    {
        var dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var text = $"{{'descr': '{(isFloat64 ? "<f8" : "<f4")}', 'fortran_order': False, 'shape': ({dims}), }}";
        int padded = (10 + text.Length + 1 + 63) / 64 * 64;
        text = text.PadRight(padded - 10 - 1) + "\n";
        var bytes = new byte[padded];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BitConverter.GetBytes((ushort)text.Length).CopyTo(bytes, 8);
        Encoding.Latin1.GetBytes(text).CopyTo(bytes, 10);
        return bytes;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
