using System.Text.Json;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Similarity;

/// <summary>The `similarity` verb end to end. Console output is process-wide, so these tests run one at a time.</summary>
[Collection(CliConsole.Collection)]
public sealed class SimilarityCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<(int Exit, string Out, string Error)> Run(params string[] args) => CliConsole.RunAsync(args);

    [Fact]
    public async Task Prints_the_metrics_of_two_npy_files_as_json_equal_to_the_engine()
    {
        var (a, b) = SimilarityData.Related(31, 300, 6, 4);
        NpyWriter.Write(_dir.File("a.npy"), a.ToRowMajorArray(), 300, 6);
        NpyWriter.Write(_dir.File("b.npy"), b.ToRowMajorArray().Select(v => (float)v).ToArray(), 300, 4);

        var (exit, output, _) = await Run("similarity", "--a", _dir.File("a.npy"), "--b", _dir.File("b.npy"), "--metrics", "svcca,cka,nbs");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(300, root.GetProperty("datapoints").GetInt64());
        Assert.Equal(6, root.GetProperty("features_a").GetInt32());
        Assert.Equal(4, root.GetProperty("features_b").GetInt32());
        Assert.True(root.TryGetProperty("svcca", out _));
        Assert.True(root.TryGetProperty("svcca_google_mean", out _));
        Assert.False(root.TryGetProperty("cca", out _));
        var expected = SimilarityData.Engine(a, b.Map(v => (double)(float)v)); // the file holds b in float32
        Assert.Equal(expected.Cka!.Value, root.GetProperty("cka").GetDouble(), 12);
        Assert.Equal(expected.Svcca!.Value, root.GetProperty("svcca").GetDouble(), 12);
        Assert.Equal(expected.SvccaKeptA!.Value, root.GetProperty("svcca_kept_a").GetInt32());
    }

    [Fact]
    public async Task Bad_files_and_options_exit_with_code_2_and_a_clear_message()
    {
        NpyWriter.Write(_dir.File("a.npy"), new float[10 * 3], 10, 3);
        NpyWriter.Write(_dir.File("b.npy"), new float[9 * 3], 9, 3);
        File.WriteAllText(_dir.File("text.npy"), "not numpy");

        var mismatch = await Run("similarity", "--a", _dir.File("a.npy"), "--b", _dir.File("b.npy"));
        Assert.Equal(2, mismatch.Exit);
        Assert.Contains("error: a.npy has 10 inputs but b.npy has 9", mismatch.Error);

        var notNpy = await Run("similarity", "--a", _dir.File("text.npy"), "--b", _dir.File("b.npy"));
        Assert.Equal(2, notNpy.Exit);
        Assert.Contains("text.npy: not a NumPy .npy file", notNpy.Error);

        var missing = await Run("similarity", "--a", _dir.File("nope.npy"), "--b", _dir.File("b.npy"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nope.npy does not exist", missing.Error);

        var metric = await Run("similarity", "--a", _dir.File("a.npy"), "--b", _dir.File("a.npy"), "--metrics", "svcca,foo");
        Assert.Equal(2, metric.Exit);
        Assert.Contains("Unknown similarity metric \"foo\"", metric.Error);
    }

    [Theory]
    [InlineData("VmHWM:\t12345678 kB", 12345678L * 1024)]
    [InlineData("VmRSS:\t   12345 kB", 12345L * 1024)]
    [InlineData("MemAvailable:   21953620 kB", 21953620L * 1024)]
    public void Bench_reads_proc_memory_lines_with_tabs_and_padding(string line, long bytes) =>
        Assert.Equal(bytes, ActorPipeline.Host.Bench.ChildProcessBench.KiloBytes(line));
}
