using System.Text.Json;
using System.Text.RegularExpressions;
using ActorPipeline.Host.Reports;
using ActorPipeline.Ml.Data;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Reports;

/// <summary>What a reader of report.html sees: the data warning, the plan table and the figure-2 grids behind their selector.</summary>
public sealed partial class ReportPageTests
{
    [Fact]
    public void Figure2_is_one_grid_image_per_metric_with_a_panel_per_problem()
    {
        using var sweep = ReportFixture.CreateFiveProblems();
        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Equal(["svcca", "svcca_google_mean", "cka"], result.Figure2.Select(g => g.Metric));
        var html = File.ReadAllText(result.HtmlPath);
        foreach (var grid in result.Figure2)
        {
            Assert.Equal(ReportFixture.FiveProblems, grid.Problems);
            var svg = File.ReadAllText(sweep.File($"figures/figure2-{grid.Metric}.svg"));
            Assert.Equal(ReportFixture.FiveProblems, PanelNames().Matches(svg).Select(m => m.Groups[1].Value));
            Assert.Contains(System.Security.SecurityElement.Escape(MetricNames.Statistic(grid.Metric)), svg); // the title says which statistic
            Assert.Single(Regex.Matches(html, $"<figure class=\"figure2\" data-metric=\"{grid.Metric}\" data-problems=\"cifar2,cifar4,cifar6,cifar8,cifar10\""));
        }
        Assert.Equal(3, Regex.Matches(html, "<figure class=\"figure2\"").Count);
        // The selector: a radio button per metric, the headline (svcca, as in the paper) chosen.
        Assert.Contains("<input type=\"radio\" name=\"figure2\" id=\"figure2-1\" checked><label for=\"figure2-1\">SVCCA</label>", html);
        Assert.Equal(3, Regex.Matches(html, "name=\"figure2\"").Count);
        Assert.Contains("SVCCA: mean of all canonical correlations (median over repetitions)", html);
    }

    [Fact]
    public void A_chosen_metric_becomes_the_headline_and_its_title_names_the_statistic()
    {
        using var sweep = ReportFixture.CreateFiveProblems();
        var result = ReportGenerator.Generate(sweep.Path, new ReportOptions { Figure2Metrics = ["svcca_google_mean"] });

        Assert.Equal("svcca_google_mean", result.HeadlineMetric);
        var svg = File.ReadAllText(sweep.File("figures/figure2-svcca_google_mean.svg"));
        Assert.Contains("SVCCA, Google&apos;s mean: mean of the leading canonical correlations that sum to 98% (median over repetitions)", svg);
        var html = File.ReadAllText(result.HtmlPath);
        Assert.Contains("data-metric=\"svcca_google_mean\"", html);
        Assert.DoesNotContain("name=\"figure2\"", html); // a single grid needs no selector
    }

    [Fact]
    public void Plan_table_has_a_column_per_problem_in_the_papers_notation()
    {
        using var sweep = ReportFixture.CreateFiveProblems();
        var result = ReportGenerator.Generate(sweep.Path);
        var table = PlanTable.Build(result.Description.Manifest!);

        Assert.Equal(["", "Cifar2", "Cifar4", "Cifar6", "Cifar8", "Cifar10"], table.Columns);
        Assert.All(table.Rows, row => Assert.Equal(table.Columns.Count, row.Count));
        Assert.Equal("16*, 16, MP / 256§", table.Row(PlanTable.Architecture)[1]);
        Assert.Equal("automobile, truck", table.Row(PlanTable.Classes)[1]);
        Assert.Equal(string.Join(", ", Problems.Cifar10.ClassNames), table.Row(PlanTable.Classes)[5]);
        Assert.Equal(["50", "50", "100", "200", "200"], table.Row(PlanTable.DenseEpochs).Skip(1));
        Assert.Equal(["off", "off", "off", "patience 20", "patience 20"], table.Row(PlanTable.EarlyStopping).Skip(1));
        Assert.Equal(["0.1 / 0.2", "0.1 / 0.2", "0.1 / 0.2", "0.2 / 0.2", "0.2 / 0.2"], table.Row(PlanTable.PruningRates).Skip(1));
        Assert.Equal("3", table.Row(PlanTable.RewindEpoch)[1]);
        Assert.Equal("5000", table.Row(PlanTable.ProbeSize)[1]);
        Assert.Equal("svcca, cca, pwcca, cka, nbs", table.Row(PlanTable.Metrics)[1]);
        Assert.DoesNotContain(table.Rows, row => row[0] == "key"); // only repeats the problem's name

        var html = File.ReadAllText(result.HtmlPath);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">", html.ReplaceLineEndings("\n"));
        Assert.Contains("<td>16*, 16, MP / 256§</td>", html); // § as itself, in a UTF-8 page
        Assert.DoesNotContain("\\u00A7", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#167;", html);
        Assert.Contains("<th>Cifar10</th>", html);
        Assert.Contains("| architecture (Table 2) | 16\\*, 16, MP / 256§ |", File.ReadAllText(result.MarkdownPath));
    }

    [Fact]
    public void Plan_table_lists_every_other_plan_setting_under_a_readable_name()
    {
        using var sweep = ReportFixture.Create();
        var manifest = SweepManifest.TryLoad(sweep.Path)!;
        var table = PlanTable.Build(manifest);

        // Whatever the plan holds now or later: every setting is a row, its snake_case name in words.
        var names = manifest.Plan.Problems.SelectMany(p => JsonSerializer.SerializeToElement(p, SettingText.Json).EnumerateObject().Select(o => o.Name)).Distinct().ToList();
        string[] headline = ["problem", "key", "architecture", "dense_epochs", "imp_epochs", "patience", "conv_rate", "fc_rate", "rewind_epoch", "iterations", "repetitions", "probe_size", "metrics"];
        Assert.NotEmpty(names.Except(headline));
        foreach (var name in names.Except(headline))
            Assert.Equal(table.Columns.Count, table.Row(name.Replace('_', ' ')).Count);
        Assert.Equal(["128", "128"], table.Row("batch size").Skip(1));
        Assert.Equal(["yes", "yes"], table.Row("augment").Skip(1));
        Assert.Equal(["none", "none"], table.Row("train limit").Skip(1));
    }

    [Fact]
    public void Banner_warns_when_the_data_is_not_the_official_cifar10()
    {
        using var offline = ReportFixture.Create();
        var html = File.ReadAllText(ReportGenerator.Generate(offline.Path).HtmlPath);
        Assert.Contains($"<p class=\"banner\" role=\"alert\">These results are NOT on the official CIFAR-10 (data md5 {ReportFixture.OfflineCopyMd5}", html);
        Assert.Contains("smoke results only", html);
        Assert.Contains("> **These results are NOT on the official CIFAR-10", File.ReadAllText(offline.File("report.md")));

        using var official = ReportFixture.Create(dataChecksum: Cifar10Format.OfficialArchiveMd5);
        var officialHtml = File.ReadAllText(ReportGenerator.Generate(official.Path).HtmlPath);
        Assert.DoesNotContain("class=\"banner\"", officialHtml);
        Assert.DoesNotContain("NOT on", officialHtml);
    }

    [Theory]
    [InlineData("/data/cifar-10-batches-bin", "NOT on a verified official CIFAR-10")] // an extracted folder: no checksum to compare
    [InlineData(null, "No readable sweep.json")]
    public void Banner_warns_when_the_data_cannot_be_confirmed(string? dataChecksum, string warning)
    {
        var provenance = DataProvenance.Of(dataChecksum, dataChecksum);
        Assert.False(provenance.IsOfficial);
        Assert.Contains(warning, provenance.Warning);
        Assert.True(DataProvenance.Of(Cifar10Format.OfficialArchiveMd5.ToUpperInvariant(), null).IsOfficial);
    }

    [GeneratedRegex("class=\"panel\" data-panel=\"([^\"]+)\"")]
    private static partial Regex PanelNames();
}
