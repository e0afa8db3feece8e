using System.Globalization;
using ActorPipeline.Host;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

public sealed class ReportGeneratorTests
{
    private const int Precision = 12;

    [Fact]
    public void Writes_medians_figures_and_both_reports()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        string[] expected =
        [
            "results/medians-accuracy.csv", "results/medians-accuracy.json", "results/medians-similarity.csv", "results/medians-similarity.json",
            "figures/figure1-accuracy-vs-sparsity.png", "figures/figure1-accuracy-vs-sparsity.svg",
            "figures/figure2-Cifar2-svcca.png", "figures/figure2-Cifar2-svcca.svg",
            "figures/figure2-Cifar2-pwcca.png", "figures/figure2-Cifar2-cka.png", "figures/figure2-Cifar4-svcca.png",
            "report.md", "report.html",
        ];
        foreach (var file in expected)
            Assert.True(File.Exists(sweep.File(file)), $"{file} missing");
        Assert.False(File.Exists(sweep.File("figures/figure2-Cifar4-cka.png")), "Cifar4 has no cka values");
        Assert.All(result.WrittenFiles, f => Assert.True(File.Exists(f), f));
        foreach (var png in Directory.GetFiles(sweep.File("figures"), "*.png"))
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4).ToArray());

        var markdown = File.ReadAllText(result.MarkdownPath);
        Assert.Contains("![Figure 1](figures/figure1-accuracy-vs-sparsity.png)", markdown);
        Assert.Contains("(figures/figure2-Cifar2-svcca.png)", markdown);
        Assert.Contains("| profile | paper |", markdown);
        Assert.Contains("| problems | [\"Cifar2\", \"Cifar4\"] |", markdown);

        var html = File.ReadAllText(result.HtmlPath);
        Assert.Equal(1 + 4, html.Split("<svg").Length - 1); // every figure inlined
        Assert.DoesNotContain("<?xml", html);
        Assert.DoesNotContain("<img", html);
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count()); // clip-path ids of the inlined figures must not collide
        Assert.Contains("<td>devices</td><td>{ &quot;count&quot;: 1 }</td>", html);
    }

    [Fact]
    public void Accuracy_medians_are_the_hand_computed_ones()
    {
        using var sweep = ReportFixture.Create();
        var medians = ReportGenerator.Generate(sweep.Path).AccuracyMedians;

        // (problem, iteration) -> (repetitions, overall sparsity, test accuracy)
        var expected = new Dictionary<(string, int), (int, double, double)>
        {
            [("Cifar2", 0)] = (3, 0, 0.83),
            [("Cifar2", 1)] = (3, 0.2, 0.80),      // odd: the middle of 0.70, 0.80, 0.90
            [("Cifar2", 2)] = (3, 0.36, 0.75),     // middle of 0.36, 0.36, 0.37 and of 0.60, 0.75, 0.78
            [("Cifar4", 0)] = (1, 0, 0.70),        // dense row once, repetition -1
            [("Cifar4", 1)] = (2, 0.2, 0.675),     // even: mean of 0.66 and 0.69
            [("Cifar4", 2)] = (2, 0.365, 0.625),
        };
        Assert.Equal(expected.Keys.Order(), medians.Select(m => (m.Problem, m.Iteration)).Order());
        foreach (var m in medians)
        {
            var (repetitions, sparsity, accuracy) = expected[(m.Problem, m.Iteration)];
            Assert.Equal(repetitions, m.Repetitions);
            Assert.Equal(sparsity, m.OverallSparsity, Precision);
            Assert.Equal(accuracy, m.TestAccuracy, Precision);
        }
        Assert.Equal(0.19, medians.Single(m => m is { Problem: "Cifar4", Iteration: 2 }).ConvSparsity, Precision);
    }

    [Fact]
    public void Similarity_medians_are_the_hand_computed_ones()
    {
        using var sweep = ReportFixture.Create();
        var medians = ReportGenerator.Generate(sweep.Path).SimilarityMedians;
        double Value(string problem, string layer, int iteration, string metric) =>
            medians.Single(m => m.Problem == problem && m.Layer == layer && m.Iteration == iteration && m.Metric == metric).Value;

        Assert.Equal(0.90, Value("Cifar2", "conv1", 1, "svcca"), Precision);
        Assert.Equal(0.80, Value("Cifar2", "pool1", 1, "svcca"), Precision);
        Assert.Equal(0.55, Value("Cifar2", "fc1", 1, "svcca"), Precision);
        Assert.Equal(0.98, Value("Cifar2", "conv1", 1, "cka"), Precision);
        Assert.Equal(0.65, Value("Cifar2", "fc1", 2, "cka"), Precision);
        Assert.Equal(0.90, Value("Cifar2", "conv1", 1, "pwcca"), Precision); // even: 2 of 3 repetitions computed it
        Assert.Equal(2, medians.Single(m => m is { Problem: "Cifar2", Layer: "conv1", Iteration: 1, Metric: "pwcca" }).Repetitions);
        Assert.Equal(0.80, Value("Cifar4", "conv1", 1, "svcca"), Precision);  // even: mean of 0.9 and 0.7
        Assert.Equal(0.55, Value("Cifar4", "fc1", 1, "svcca"), Precision);
        Assert.DoesNotContain(medians, m => m.Metric is "cca" or "nbs" or "svcca_google_mean"); // never computed
        Assert.DoesNotContain(medians, m => m is { Layer: "pool1", Metric: "pwcca" });
        Assert.Equal(3, medians.Single(m => m is { Problem: "Cifar2", Layer: "fc1", Iteration: 2, Metric: "svcca" }).LayerIndex);
    }

    [Fact]
    public void Median_files_hold_the_medians()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        var accuracy = File.ReadAllLines(sweep.File("results/medians-accuracy.csv"));
        Assert.Equal(MedianTables.AccuracyHeader, accuracy[0]);
        Assert.Equal(result.AccuracyMedians.Count, accuracy.Length - 1);
        Assert.Contains("Cifar4,1,2,0.1,0.2,0.2,0.675", accuracy);

        var similarity = File.ReadAllLines(sweep.File("results/medians-similarity.csv"));
        Assert.Equal(MedianTables.SimilarityHeader, similarity[0]);
        Assert.Equal(result.SimilarityMedians.Count, similarity.Length - 1);
        var conv1 = similarity.Single(l => l.StartsWith("Cifar2,conv1,0,1,svcca,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.9, double.Parse(conv1[^1], CultureInfo.InvariantCulture), Precision);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sweep.File("results/medians-similarity.json")));
        Assert.Equal(result.SimilarityMedians.Count, json.RootElement.GetArrayLength());
        Assert.Equal("layer_index", json.RootElement[0].EnumerateObject().ElementAt(2).Name);
    }

    [Fact]
    public void Figure1_series_are_the_accuracy_medians()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Equal(["Cifar2", "Cifar4"], result.Figure1.Select(c => c.Problem));
        foreach (var curve in result.Figure1)
        {
            var medians = result.AccuracyMedians.Where(m => m.Problem == curve.Problem).OrderBy(m => m.Iteration).ToList();
            Assert.Equal(medians.Select(m => m.Iteration), curve.Points.Select(p => p.Iteration));
            Assert.Equal(medians.Select(m => m.OverallSparsity * 100), curve.Points.Select(p => p.OverallSparsityPercent));
            Assert.Equal(medians.Select(m => m.TestAccuracy), curve.Points.Select(p => p.TestAccuracy));
        }
        var cifar4 = result.Figure1[1].Points;
        Assert.Equal(36.5, cifar4[2].OverallSparsityPercent, Precision);
        Assert.Equal(0.625, cifar4[2].TestAccuracy, Precision);
    }

    [Fact]
    public void Figure2_series_are_the_similarity_medians_in_network_order()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Equal(
            [("Cifar2", "svcca"), ("Cifar2", "pwcca"), ("Cifar2", "cka"), ("Cifar4", "svcca")],
            result.Figure2.Select(f => (f.Problem, f.Metric)));
        var cifar2 = result.Figure2[0];
        Assert.Equal(["conv1", "pool1", "fc1"], cifar2.Layers); // by layer_index, not file order
        Assert.Equal([1, 2], cifar2.Curves.Select(c => c.Iteration));
        Assert.Equal([0.90, 0.80, 0.55], cifar2.Curves[0].Points.Select(p => p.Value));
        Assert.Equal(["conv1", "fc1"], result.Figure2[3].Layers);

        foreach (var figure in result.Figure2)
        foreach (var curve in figure.Curves)
        foreach (var point in curve.Points)
        {
            var median = result.SimilarityMedians.Single(m =>
                m.Problem == figure.Problem && m.Metric == figure.Metric && m.Iteration == curve.Iteration && m.Layer == point.Layer);
            Assert.Equal(median.Value, point.Value);
            Assert.Equal(point.Layer, figure.Layers[point.Position]);
        }
        // pool1 has no pwcca: left out of the curve, not drawn as zero.
        Assert.Equal(["conv1", "fc1"], result.Figure2[1].Curves[0].Points.Select(p => p.Layer));
    }

    [Fact]
    public void Chosen_metrics_limit_figure2_and_an_absent_one_is_a_clear_error()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path, new ReportOptions { Figure2Metrics = ["svcca"] });
        Assert.All(result.Figure2, f => Assert.Equal("svcca", f.Metric));
        Assert.Equal(2, result.Figure2.Count);

        var error = Assert.Throws<ArgumentException>(() => ReportGenerator.Generate(sweep.Path, new ReportOptions { Figure2Metrics = ["cca"] }));
        Assert.Contains("cca", error.Message);
    }

    [Fact]
    public void Without_sweep_json_the_report_says_so()
    {
        using var sweep = ReportFixture.Create(sweepJson: null);
        var result = ReportGenerator.Generate(sweep.Path);
        Assert.Contains("No `sweep.json`", File.ReadAllText(result.MarkdownPath));
    }

    [Fact]
    public async Task Report_verb_regenerates_and_fails_clearly_on_a_missing_folder()
    {
        using var sweep = ReportFixture.Create();
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "report", "--sweep", sweep.Path]));
        Assert.True(File.Exists(sweep.File("report.html")));
        File.Delete(sweep.File("report.html"));
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "report", "--sweep", sweep.Path, "--metric", "cka"]));
        Assert.True(File.Exists(sweep.File("figures/figure2-Cifar2-cka.png")));

        Assert.Equal(2, await CliApp.RunAsync(["sweep", "report", "--sweep", sweep.File("nowhere")]));
    }
}
