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
            "figures/figure1-accuracy-vs-remaining.png", "figures/figure1-accuracy-vs-remaining.svg",
            "figures/figure1-accuracy-vs-remaining-logx.png", "figures/figure1-accuracy-vs-remaining-logx.svg",
            "figures/figure2-svcca.png", "figures/figure2-svcca.svg", "figures/figure2-pwcca.png", "figures/figure2-cka.png",
            "figures/figure1-accuracy-vs-remaining-iqr.png", "figures/figure1-accuracy-vs-remaining-logx-iqr.svg", "figures/figure2-svcca-iqr.png", "figures/figure2-cka-iqr.svg",
            "report.md", "report.html",
        ];
        foreach (var file in expected)
            Assert.True(File.Exists(sweep.File(file)), $"{file} missing");
        Assert.False(File.Exists(sweep.File("figures/figure2-cca.png")), "cca is never computed");
        Assert.All(result.WrittenFiles, f => Assert.True(File.Exists(f), f));
        foreach (var png in Directory.GetFiles(sweep.File("figures"), "*.png"))
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4).ToArray());

        var markdown = File.ReadAllText(result.MarkdownPath);
        Assert.Contains("(figures/figure1-accuracy-vs-remaining.png)", markdown);
        Assert.Contains("(figures/figure1-accuracy-vs-remaining-logx.png)", markdown);
        Assert.Contains("(figures/figure2-svcca.png)", markdown);
        Assert.Contains("| architecture (Table 2) | 16\\*, 16, MP / 256§ | 16\\*, 16, MP, 32\\*, 32, MP / 256§ |", markdown);

        var html = File.ReadAllText(result.HtmlPath);
        Assert.Equal(2, html.Split("<figure class=\"figure1\"").Length - 1); // linear and log x
        Assert.Equal(3, html.Split("<figure class=\"figure2\"").Length - 1); // a grid per metric: svcca, pwcca, cka
        Assert.DoesNotContain("<?xml", html);
        Assert.DoesNotContain("<script", html); // the selectors are plain HTML and CSS
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count()); // clip-path ids of the inlined figures must not collide
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
        // median, then the interquartile range: 0.66 and 0.69 give 0.66 + ¼·0.03 and 0.66 + ¾·0.03
        var cifar4 = accuracy.Single(l => l.StartsWith("Cifar4,1,2,0.1,0.2,0.2,0.675,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.6675, double.Parse(cifar4[7], CultureInfo.InvariantCulture), Precision);
        Assert.Equal(0.6825, double.Parse(cifar4[8], CultureInfo.InvariantCulture), Precision);

        var similarity = File.ReadAllLines(sweep.File("results/medians-similarity.csv"));
        Assert.Equal(MedianTables.SimilarityHeader, similarity[0]);
        Assert.Equal(result.SimilarityMedians.Count, similarity.Length - 1);
        var conv1 = similarity.Single(l => l.StartsWith("Cifar2,conv1,0,1,svcca,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.9, double.Parse(conv1[6], CultureInfo.InvariantCulture), Precision);
        Assert.Equal(0.85, double.Parse(conv1[7], CultureInfo.InvariantCulture), Precision); // quartiles of 0.80, 0.90, 0.95
        Assert.Equal(0.925, double.Parse(conv1[8], CultureInfo.InvariantCulture), Precision);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sweep.File("results/medians-similarity.json")));
        Assert.Equal(result.SimilarityMedians.Count, json.RootElement.GetArrayLength());
        Assert.Equal("layer_index", json.RootElement[0].EnumerateObject().ElementAt(2).Name);
    }

    [Fact]
    public void Figure1_series_are_the_accuracy_medians_as_fractions_remaining()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Equal(["Cifar2", "Cifar4"], result.Figure1.Select(c => c.Problem));
        foreach (var curve in result.Figure1)
        {
            var medians = result.AccuracyMedians.Where(m => m.Problem == curve.Problem).OrderBy(m => m.Iteration).ToList();
            Assert.Equal(medians.Select(m => m.Iteration), curve.Points.Select(p => p.Iteration));
            Assert.Equal(medians.Select(m => 1 - m.OverallSparsity), curve.Points.Select(p => p.FractionRemaining));
            Assert.Equal(medians.Select(m => m.TestAccuracy), curve.Points.Select(p => p.TestAccuracy));
            // The paper's convention: the unpruned network is the point at 1.000.
            Assert.Equal(0, curve.Points[0].Iteration);
            Assert.Equal(1.0, curve.Points[0].FractionRemaining);
        }
        var cifar4 = result.Figure1[1].Points;
        Assert.Equal(0.635, cifar4[2].FractionRemaining, Precision);
        Assert.Equal(0.625, cifar4[2].TestAccuracy, Precision);
    }

    [Fact]
    public void Figure1_x_axis_is_labelled_as_the_fraction_remaining_in_both_scales()
    {
        using var sweep = ReportFixture.Create();
        ReportGenerator.Generate(sweep.Path);

        foreach (var scale in Enum.GetValues<FractionScale>())
            Assert.Contains(Figure1Renderer.XAxisLabel, File.ReadAllText(sweep.File($"figures/{ReportGenerator.Figure1StemFor(scale)}.svg")));
    }

    [Theory]
    [InlineData(FractionScale.Linear, 0.012, new[] { "1.0", "0.9", "0.8", "0.7", "0.6", "0.5", "0.4", "0.3", "0.2", "0.1", "0.0" })]
    [InlineData(FractionScale.Linear, 0.635, new[] { "1.00", "0.95", "0.90", "0.85", "0.80", "0.75", "0.70", "0.65" })] // little pruned: finer
    [InlineData(FractionScale.Log, 0.012, new[] { "1", "0.5", "0.2", "0.1", "0.05", "0.02", "0.01" })]
    [InlineData(FractionScale.Log, 0.635, new[] { "1", "0.9", "0.8", "0.7" })] // within one decade: every 0.1
    public void Figure1_x_ticks_are_fractions_from_the_dense_network_down(FractionScale scale, double smallest, string[] expected)
    {
        var axis = new FractionAxis(scale, [1.0, 0.8, smallest]);
        var (positions, labels) = axis.Ticks();

        Assert.Equal(expected, labels);
        Assert.True(axis.Left > axis.Right, "the dense end is on the left: the axis decreases left to right");
        Assert.Equal(axis.Position(1), positions[0]);
        Assert.All(positions, p => Assert.InRange(p, axis.Right, axis.Left));
        Assert.InRange(axis.Position(smallest), axis.Right, axis.Left);
    }

    [Fact]
    public void Figure2_series_are_the_similarity_medians_in_network_order()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Equal(["svcca", "pwcca", "cka"], result.Figure2.Select(g => g.Metric));
        Assert.Equal(["Cifar2", "Cifar4"], result.Figure2[0].Problems);
        Assert.Equal(["Cifar2"], result.Figure2[1].Problems); // Cifar4 has no pwcca: no empty panel
        var cifar2 = result.Figure2[0].Panels[0];
        Assert.Equal(["conv1", "pool1", "fc1"], cifar2.Layers); // by layer_index, not file order
        Assert.Equal([1, 2], cifar2.Curves.Select(c => c.Iteration));
        Assert.Equal([0.90, 0.80, 0.55], cifar2.Curves[0].Points.Select(p => p.Value));
        Assert.Equal(["conv1", "fc1"], result.Figure2[0].Panels[1].Layers);

        foreach (var grid in result.Figure2)
        foreach (var panel in grid.Panels)
        foreach (var curve in panel.Curves)
        foreach (var point in curve.Points)
        {
            Assert.Equal(grid.Metric, panel.Metric);
            var median = result.SimilarityMedians.Single(m =>
                m.Problem == panel.Problem && m.Metric == panel.Metric && m.Iteration == curve.Iteration && m.Layer == point.Layer);
            Assert.Equal(median.Value, point.Value);
            Assert.Equal(point.Layer, panel.Layers[point.Position]);
        }
        // pool1 has no pwcca: left out of the curve, not drawn as zero.
        Assert.Equal(["conv1", "fc1"], result.Figure2[1].Panels[0].Curves[0].Points.Select(p => p.Layer));
    }

    [Fact]
    public void Chosen_metrics_limit_figure2_the_first_is_the_headline_and_an_absent_one_is_a_clear_error()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path, new ReportOptions { Figure2Metrics = ["cka", "svcca"] });
        Assert.Equal(["cka", "svcca"], result.Figure2.Select(g => g.Metric));
        Assert.Equal("cka", result.HeadlineMetric);

        var error = Assert.Throws<ArgumentException>(() => ReportGenerator.Generate(sweep.Path, new ReportOptions { Figure2Metrics = ["cca"] }));
        Assert.Contains("cca", error.Message);
    }

    [Fact]
    public void Without_sweep_json_the_report_says_so()
    {
        using var sweep = ReportFixture.Create(manifest: false);
        var result = ReportGenerator.Generate(sweep.Path);
        Assert.Contains("No `sweep.json`", File.ReadAllText(result.MarkdownPath));
        Assert.Contains("No <code>sweep.json</code>", File.ReadAllText(result.HtmlPath));
    }

    [Fact]
    public void A_sweep_json_that_is_no_manifest_is_named_and_the_report_still_written()
    {
        using var sweep = ReportFixture.Create(manifest: false);
        File.WriteAllText(sweep.File("sweep.json"), """{ "profile": "paper", "plan": { "problems": [ { "problem": "cifar2" } ] } }""");
        var result = ReportGenerator.Generate(sweep.Path);
        Assert.Null(result.Description.Manifest);
        Assert.Contains("could not be read as a sweep manifest", File.ReadAllText(result.HtmlPath));
    }

    [Fact]
    public async Task Report_verb_regenerates_and_fails_clearly_on_a_missing_folder()
    {
        using var sweep = ReportFixture.Create();
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "report", "--sweep", sweep.Path]));
        Assert.True(File.Exists(sweep.File("report.html")));
        File.Delete(sweep.File("report.html"));
        File.Delete(sweep.File("figures/figure2-cka.png"));
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "report", "--sweep", sweep.Path, "--metric", "cka"]));
        Assert.True(File.Exists(sweep.File("figures/figure2-cka.png")));
        Assert.Contains("data-metric=\"cka\"", File.ReadAllText(sweep.File("report.html")));

        Assert.Equal(2, await CliApp.RunAsync(["sweep", "report", "--sweep", sweep.File("nowhere")]));
    }
}
