using System.Globalization;
using ActorPipeline.Host;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>A tiny real sweep with `intrinsic_dimension: all`, end to end: every probed layer of the dense network and of every pruned iteration gets a finite estimate.</summary>
public sealed class IntrinsicDimensionSweepTests(FullSizeSyntheticCifar data) : IClassFixture<FullSizeSyntheticCifar>
{
    [Fact]
    public async Task A_sweep_with_intrinsic_dimension_all_writes_a_finite_estimate_for_every_layer_and_iteration()
    {
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, TinyHostSweep.Yaml + "\nintrinsic_dimension: all\nintrinsic_dimension_points: 120\n");
        var sweep = temp.File("sweep");
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", sweep]));

        var path = Path.Combine(sweep, ResultsWriter.Folder, IntrinsicDimensionCsv.FileName);
        var rows = IntrinsicDimensionCsv.Read(path);
        var layers = SimilarityCsv.Read(Path.Combine(sweep, ResultsWriter.Folder, SimilarityCsv.FileName)).Select(s => s.Layer).Distinct().ToList();
        Assert.Equal(4, layers.Count); // cifar2: conv1, conv2, pool, fc
        // the dense network once (repetition 0), then each of the 2 repetitions' 2 iterations
        var expected = layers.Select(l => (0, 0, l))
            .Concat(from repetition in new[] { 0, 1 } from iteration in new[] { 1, 2 } from layer in layers select (repetition, iteration, layer))
            .Order().ToList();
        Assert.Equal(expected, rows.Select(r => (r.Repetition, r.Iteration, r.Layer)).Order().ToList());
        Assert.All(rows, r =>
        {
            Assert.True(r.Dimension is { } id && double.IsFinite(id) && id > 0, $"{r.Layer} at iteration {r.Iteration} of repetition {r.Repetition}: {r.Dimension?.ToString(CultureInfo.InvariantCulture) ?? r.UndefinedReason}");
            Assert.Equal(120, r.Points);
        });
        Assert.All(rows.Where(r => r.Iteration > 0), r => Assert.InRange(r.OverallSparsity, 0.01, 1));

        // the sweep's report draws them: ID vs layer (with and without bands) and ID change beside similarity
        foreach (var stem in new[] { IntrinsicDimensionReport.LayerFigureStem, ReportGenerator.WithSpread(IntrinsicDimensionReport.LayerFigureStem), IntrinsicDimensionReport.ComparisonFigureStem })
            Assert.True(File.Exists(Path.Combine(sweep, ReportGenerator.FiguresFolderName, stem + ".svg")), stem);
        Assert.Contains(ReportText.IntrinsicDimensionHeading, File.ReadAllText(Path.Combine(sweep, ReportGenerator.HtmlFileName)));

        // `imp --sweep` re-runs repetition 1 alone with the same recipe: the same estimates, byte for byte on the CPU
        var imp = temp.File("imp");
        Assert.Equal(0, await CliApp.RunAsync(["imp", "--sweep", sweep, "--problem", "cifar2", "--repetition", "1", "--device", "cpu", "--out", imp]));
        var swept = File.ReadAllLines(path);
        var alone = File.ReadAllLines(Path.Combine(imp, ResultsWriter.Folder, IntrinsicDimensionCsv.FileName));
        Assert.Equal(swept[0], alone[0]);
        Assert.Equal(swept.Skip(1).Where(l => l.StartsWith("cifar2,1,", StringComparison.Ordinal)), alone.Skip(1));
    }
}
