using System.Text;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Tests.Data;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Similarity;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Float32_and_float64_files_round_trip_in_chunks()
    {
        var values32 = Enumerable.Range(0, 5 * 3 * 2 * 2).Select(i => i * 0.5f - 7).ToArray();
        var values64 = Enumerable.Range(0, 5 * 4).Select(i => Math.PI * i).ToArray();
        NpyWriter.Write(_dir.File("conv.npy"), values32, 5, 3, 2, 2);
        NpyWriter.Write(_dir.File("fc.npy"), values64, 5, 4);

        using (var reader = new NpyReader(_dir.File("conv.npy")))
        {
            Assert.Equal([5L, 3, 2, 2], reader.Shape);
            Assert.Equal(0, reader.Header.DataOffset % 64);
            var read = new List<float>();
            while (reader.ReadNext(2) is { } chunk)
            {
                using (chunk)
                {
                    Assert.Equal(ScalarType.Float32, chunk.dtype);
                    Assert.Equal([3L, 2, 2], chunk.shape[1..]);
                    read.AddRange(chunk.data<float>().ToArray());
                }
            }
            Assert.Equal(values32, read);
        }
        using (var reader = NpyFile.OpenRead(_dir.File("fc.npy")))
        {
            using var all = reader.ReadNext(100)!;
            Assert.Equal(ScalarType.Float64, all.dtype);
            Assert.Equal(values64, all.data<double>().ToArray());
            Assert.Null(reader.ReadNext(1));
        }
    }

    [Fact]
    public void Streaming_two_files_in_small_chunks_equals_adding_the_arrays_at_once()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        var a = randn(new long[] { 40, 3, 4, 4 }, generator: generator);
        var b = randn(new long[] { 40, 5, 4, 4 }, generator: generator).add(a.narrow(1, 0, 1));
        NpyWriter.Write(_dir.File("a.npy"), a.data<float>().ToArray(), a.shape);
        NpyWriter.Write(_dir.File("b.npy"), b.data<float>().ToArray(), b.shape);

        using var direct = new CovarianceAccumulator(3, 5, CPU);
        direct.Add(a, b);
        using var streamed = NpySimilarity.Accumulate(_dir.File("a.npy"), _dir.File("b.npy"), CPU, chunkBytes: 1000);

        CovarianceAccumulatorTests.AssertRelativelyEqual(direct.ToCovariance(), streamed.ToCovariance(), 1e-9);
    }

    public static TheoryData<string, string> BadHeaders => new()
    {
        { "{'descr': '<i4', 'fortran_order': False, 'shape': (4, 2), }", "unsupported dtype '<i4'" },
        { "{'descr': '>f4', 'fortran_order': False, 'shape': (4, 2), }", "unsupported dtype '>f4'" },
        { "{'descr': '<f4', 'fortran_order': True, 'shape': (4, 2), }", "Fortran (column-major) order" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2, 2), }", "shape (4, 2, 2) is neither (n, features) nor (n, channels, height, width)" },
        { "{'descr': '<f4', 'shape': (4, 2), }", "lacks 'descr', 'fortran_order' or 'shape'" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Bad_headers_are_errors_naming_the_file_and_problem(string header, string problem)
    {
        var path = _dir.File("bad.npy");
        WriteRaw(path, header, dataBytes: 4 * 2 * 4);
        var error = Assert.Throws<InvalidDataException>(() => new NpyReader(path));
        Assert.StartsWith("bad.npy: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_file_without_the_magic_string_or_with_missing_data_is_an_error()
    {
        File.WriteAllText(_dir.File("text.npy"), "just some text, not an array");
        Assert.Contains("text.npy: not a NumPy .npy file", Assert.Throws<InvalidDataException>(() => new NpyReader(_dir.File("text.npy"))).Message);

        WriteRaw(_dir.File("short.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), }", dataBytes: 30);
        Assert.Contains("short.npy: holds 30 data bytes but shape (4, 2) of <f4 needs 32", Assert.Throws<InvalidDataException>(() => new NpyReader(_dir.File("short.npy"))).Message);

        Assert.Throws<FileNotFoundException>(() => new NpyReader(_dir.File("missing.npy")));
    }

    [Fact]
    public void Files_of_different_inputs_positions_or_with_non_finite_values_are_errors_naming_them()
    {
        NpyWriter.Write(_dir.File("a.npy"), new float[4 * 2], 4, 2);
        NpyWriter.Write(_dir.File("b5.npy"), new float[5 * 2], 5, 2);
        NpyWriter.Write(_dir.File("conv.npy"), new float[4 * 2 * 3 * 3], 4, 2, 3, 3);
        var nan = Enumerable.Range(0, 8).Select(i => i == 5 ? float.NaN : i).ToArray();
        NpyWriter.Write(_dir.File("nan.npy"), nan, 4, 2);

        Assert.Contains("a.npy has 4 inputs but b5.npy has 5", Assert.Throws<InvalidDataException>(() => NpySimilarity.Accumulate(_dir.File("a.npy"), _dir.File("b5.npy"), CPU)).Message);
        Assert.Contains("spatial positions differ", Assert.Throws<InvalidDataException>(() => NpySimilarity.Accumulate(_dir.File("a.npy"), _dir.File("conv.npy"), CPU)).Message);
        var error = Assert.Throws<InvalidDataException>(() => NpySimilarity.Accumulate(_dir.File("a.npy"), _dir.File("nan.npy"), CPU));
        Assert.Contains("B = nan.npy", error.Message);
        Assert.Contains("Layer B, batch 0: 1 activation value(s) are NaN or infinite", error.Message);
    }

    private static void WriteRaw(string path, string header, int dataBytes)
    {
        var text = header.PadRight(118) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)text.Length));
        stream.Write(Encoding.Latin1.GetBytes(text));
        stream.Write(new byte[dataBytes]);
    }
}
