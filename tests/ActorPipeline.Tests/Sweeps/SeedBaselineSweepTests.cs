using ActorPipeline.Host;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>A tiny real sweep with `seed_baseline: 1`, end to end: the baseline's similarity with the main dense network in every layer, and in Figure 2.</summary>
public sealed class SeedBaselineSweepTests(FullSizeSyntheticCifar data) : IClassFixture<FullSizeSyntheticCifar>
{
    [Fact]
    public async Task A_sweep_with_a_seed_baseline_writes_its_similarity_for_every_layer_and_draws_it()
    {
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, TinyHostSweep.Yaml.Replace("repetitions: 2", "repetitions: 1").Replace("iterations: 2", "iterations: 1") + "\nseed_baseline: 1\n");
        var sweep = temp.File("sweep");
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", sweep]));

        var rows = SeedBaselineCsv.Read(Path.Combine(sweep, ResultsWriter.Folder, SeedBaselineCsv.FileName));
        var layers = SimilarityCsv.Read(Path.Combine(sweep, ResultsWriter.Folder, SimilarityCsv.FileName)).Select(s => s.Layer).Distinct().ToList();
        Assert.Equal(layers, rows.Select(r => r.Layer));
        Assert.All(rows, r => Assert.Equal(1, r.Baseline));
        Assert.All(rows, r => Assert.Equal(["svcca", "svcca_google_mean", "cca", "pwcca", "cka", "nbs"], r.Metrics.Keys));
        Assert.All(rows.SelectMany(r => r.Metrics.Values), v => Assert.True(double.IsFinite(v) && v is > 0 and <= 1.000001, $"{v}"));
        Assert.True(Directory.Exists(Path.Combine(sweep, "artifacts", "cifar2", "seed-baseline-01")));

        var report = ReportGenerator.Generate(sweep);
        Assert.All(report.Figure2.SelectMany(g => g.Panels), p => Assert.Equal(layers.Count, p.SeedBaseline.Count));
    }
}
