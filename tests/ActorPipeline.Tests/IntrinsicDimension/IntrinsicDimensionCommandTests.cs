using System.Text.Json;
using ActorPipeline.Ml.IntrinsicDimension;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>The `intrinsic-dimension` verb end to end, on .npy files written here.</summary>
[Collection(CliConsole.Collection)]
public sealed class IntrinsicDimensionCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Prints_the_estimate_of_a_conv_layers_npy_file_as_json_equal_to_the_reference()
    {
        await FreshSeeds.RunAsync(1, async seed =>
        {
            using var activations = TwoNnTests.Activations(seed, 400, 5, 4, 6);
            var values = activations.contiguous().data<float>().ToArray();
            NpyWriter.Write(_dir.File("conv.npy"), values, 400, 4, 6, 6);
            var expected = ReferenceTwoNn.Estimate(KnownDimensionData.Rows(activations), 0.8);

            var (exit, stdout, _) = await CliConsole.RunAsync("intrinsic-dimension", "--a", _dir.File("conv.npy"), "--fraction", "0.8");

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            Assert.Equal((400, 144), (root.GetProperty("points").GetInt32(), root.GetProperty("features").GetInt32()));
            Assert.Equal(expected.Dimension!.Value, root.GetProperty("intrinsic_dimension").GetDouble(), 1e-6 * expected.Dimension.Value);
            Assert.Equal(0.8, root.GetProperty("fraction").GetDouble());
            Assert.Equal(expected.Fitted, root.GetProperty("fitted_ratios").GetInt32());
            Assert.Equal((0, 0), (root.GetProperty("duplicate_points").GetInt32(), root.GetProperty("tied_points").GetInt32()));
            Assert.False(root.TryGetProperty("undefined", out _));
        });
    }

    [Fact]
    public async Task An_undefined_estimate_is_null_with_its_reason_not_nan()
    {
        NpyWriter.Write(_dir.File("same.npy"), Enumerable.Repeat(0.25, 5 * 3).ToArray(), 5, 3);

        var (exit, stdout, stderr) = await CliConsole.RunAsync("intrinsic-dimension", "--a", _dir.File("same.npy"));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("intrinsic_dimension").ValueKind);
        Assert.Contains("5 have a duplicate", json.RootElement.GetProperty("undefined").GetString());
        Assert.Contains("warning: the intrinsic dimension is undefined", stderr);
    }

    [Fact]
    public async Task Bad_files_and_options_exit_with_code_2_and_a_clear_message()
    {
        NpyWriter.Write(_dir.File("two.npy"), new float[2 * 3], 2, 3);
        NpyWriter.Write(_dir.File("fine.npy"), Enumerable.Range(0, 30).Select(i => (float)(i * i % 7)).ToArray(), 10, 3);
        var nan = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();
        nan[13] = float.NaN;
        NpyWriter.Write(_dir.File("nan.npy"), nan, 10, 3);

        var few = await CliConsole.RunAsync("intrinsic-dimension", "--a", _dir.File("two.npy"));
        Assert.Equal(2, few.Exit);
        Assert.Contains("error: two.npy holds 2 inputs; TwoNN needs at least 3 points", few.Error);

        var notFinite = await CliConsole.RunAsync("intrinsic-dimension", "--a", _dir.File("nan.npy"));
        Assert.Equal(2, notFinite.Exit);
        Assert.Contains("Point 4 has a NaN or infinite feature", notFinite.Error);

        var missing = await CliConsole.RunAsync("intrinsic-dimension", "--a", _dir.File("nope.npy"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nope.npy does not exist", missing.Error);

        var fraction = await CliConsole.RunAsync("intrinsic-dimension", "--a", _dir.File("fine.npy"), "--fraction", "0");
        Assert.Equal(2, fraction.Exit);
        Assert.Contains("must lie in (0, 1]", fraction.Error);
    }
}
