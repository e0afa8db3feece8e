using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

/// <summary>Figure 2's seed noise floor: per layer the range of the metric over the seed baselines, only where the file has them.</summary>
public sealed class ReportSeedBaselineTests
{
    private const string SeedBaseline = """
        problem,baseline,seed,test_accuracy,layer,layer_index,svcca,svcca_google_mean,cca,pwcca,cka,nbs,undefined,undefined_reason
        Cifar2,1,11,0.8,conv1,0,0.97,,,,0.99,,,
        Cifar2,1,11,0.8,pool1,1,0.90,,,,0.97,,,
        Cifar2,1,11,0.8,fc1,3,0.70,,,,,,cka,collapsed
        Cifar2,2,22,0.81,conv1,0,0.95,,,,0.98,,,
        Cifar2,2,22,0.81,pool1,1,0.93,,,,0.96,,,
        Cifar2,2,22,0.81,fc1,3,0.66,,,,0.9,,,
        """;

    [Fact]
    public void Each_panel_gets_the_range_over_the_baselines_per_layer()
    {
        using var sweep = ReportFixture.Create();
        File.WriteAllText(Path.Combine(sweep.Path, "results", SeedBaselineCsv.FileName), SeedBaseline + "\n");

        var result = ReportGenerator.Generate(sweep.Path);

        var svcca = result.Figure2.Single(g => g.Metric == "svcca");
        var cifar2 = svcca.Panels.Single(p => p.Problem == "Cifar2");
        Assert.Equal([(0, "conv1", 0.95, 0.97, 2), (1, "pool1", 0.90, 0.93, 2), (2, "fc1", 0.66, 0.70, 2)],
            cifar2.SeedBaseline.Select(r => (r.Position, r.Layer, r.Low, r.High, r.Baselines)));
        // cka of fc1 is undefined in baseline 1: the range rests on baseline 2 alone
        var cka = result.Figure2.Single(g => g.Metric == "cka").Panels.Single(p => p.Problem == "Cifar2");
        Assert.Equal((0.9, 0.9, 1), cka.SeedBaseline.Where(r => r.Layer == "fc1").Select(r => (r.Low, r.High, r.Baselines)).Single());
        Assert.Empty(svcca.Panels.Single(p => p.Problem == "Cifar4").SeedBaseline);

        // the median tables carry the range as a last row
        Assert.Contains("| seed baselines | 0.950–0.970 (2) | 0.900–0.930 (2) | 0.660–0.700 (2) |", File.ReadAllText(result.MarkdownPath));

        using var plain = ReportFixture.Create();
        Assert.All(ReportGenerator.Generate(plain.Path).Figure2.SelectMany(g => g.Panels), p => Assert.Empty(p.SeedBaseline));
    }
}
