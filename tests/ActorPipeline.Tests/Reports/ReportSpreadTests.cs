using System.Text.RegularExpressions;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

/// <summary>The spread behind every median: interquartile ranges by hand, the figures' bands and their toggle, n where fewer repetitions than planned.</summary>
public sealed class ReportSpreadTests
{
    private const int Precision = 12;

    [Theory]
    // linear interpolation at (n − 1)·p between the sorted values
    [InlineData(new[] { 5.0 }, 5.0, 5.0)]
    [InlineData(new[] { 0.69, 0.66 }, 0.6675, 0.6825)]          // positions 0.25 and 0.75
    [InlineData(new[] { 0.9, 0.7, 0.8 }, 0.75, 0.85)]           // positions 0.5 and 1.5
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 1.75, 3.25)]      // positions 0.75 and 2.25
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 10.0 }, 2.0, 4.0)]  // positions 1 and 3: order statistics themselves
    public void Quartiles_are_the_hand_computed_ones(double[] values, double lower, double upper)
    {
        var quartiles = Quartiles.Of(values);

        Assert.Equal(lower, quartiles.Lower, Precision);
        Assert.Equal(upper, quartiles.Upper, Precision);
        Assert.Throws<ArgumentException>(() => Quartiles.Of([]));
    }

    [Fact]
    public void Medians_and_figures_carry_the_hand_computed_interquartile_ranges()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);

        // Cifar2 iteration 2 accuracies 0.60, 0.75, 0.78: 0.675 and 0.765
        var accuracy = result.AccuracyMedians.Single(m => m is { Problem: "Cifar2", Iteration: 2 });
        Assert.Equal((0.675, 0.765), (Math.Round(accuracy.TestAccuracyLowerQuartile, Precision), Math.Round(accuracy.TestAccuracyUpperQuartile, Precision)));
        var point = result.Figure1[0].Points.Single(p => p.Iteration == 2);
        Assert.Equal((accuracy.TestAccuracyLowerQuartile, accuracy.TestAccuracyUpperQuartile), (point.LowerQuartile, point.UpperQuartile));

        // Cifar2 fc1 svcca at iteration 2: 0.35, 0.40, 0.45 → 0.375, 0.425
        var similarity = result.SimilarityMedians.Single(m => m is { Problem: "Cifar2", Layer: "fc1", Iteration: 2, Metric: "svcca" });
        Assert.Equal((0.375, 0.425), (Math.Round(similarity.LowerQuartile, Precision), Math.Round(similarity.UpperQuartile, Precision)));
        var value = result.Figure2[0].Panels[0].Curves.Single(c => c.Iteration == 2).Points.Single(p => p.Layer == "fc1");
        Assert.Equal((similarity.LowerQuartile, similarity.UpperQuartile), (value.LowerQuartile, value.UpperQuartile));
    }

    [Fact]
    public void Points_fewer_repetitions_reached_than_planned_are_marked_against_the_plan_or_else_the_most_reached()
    {
        // The fixture's plan has 3 repetitions: Cifar4 has 2 everywhere, Cifar2's pwcca at conv1 only 2 of 3.
        using (var sweep = ReportFixture.Create())
        {
            var result = ReportGenerator.Generate(sweep.Path);
            var (cifar2, cifar4) = (result.Figure1[0], result.Figure1[1]);
            Assert.Equal((3, 3), (cifar2.PlannedRepetitions, cifar4.PlannedRepetitions));
            Assert.DoesNotContain(cifar2.Points, cifar2.ShortOfPlan);
            Assert.Equal([1, 2], cifar4.Points.Where(cifar4.ShortOfPlan).Select(p => p.Iteration)); // not the shared dense point
            var pwcca = result.Figure2.Single(g => g.Metric == "pwcca").Panels[0];
            Assert.Equal(["conv1"], pwcca.Curves.SelectMany(c => c.Points).Where(pwcca.ShortOfPlan).Select(p => p.Layer).Distinct());
            var svcca = result.Figure2.Single(g => g.Metric == "svcca");
            Assert.All(svcca.Panels[1].Curves.SelectMany(c => c.Points), p => Assert.True(svcca.Panels[1].ShortOfPlan(p)));
            // labels: a curve short everywhere by the same n once (at its first layer), a lone short point on its own
            Assert.Equal(["conv1"], svcca.Panels[1].CountLabels(svcca.Panels[1].Curves[0]).Select(p => p.Layer));
            Assert.Equal(["conv1"], pwcca.CountLabels(pwcca.Curves[0]).Select(p => p.Layer));
            Assert.Empty(svcca.Panels[0].CountLabels(svcca.Panels[0].Curves[0]));
        }

        // Without sweep.json the plan is unknown: the most repetitions any point of the problem reached stands in for it.
        using (var sweep = ReportFixture.Create(manifest: false))
        {
            var result = ReportGenerator.Generate(sweep.Path);
            Assert.Equal(2, result.Figure1[1].PlannedRepetitions);
            Assert.DoesNotContain(result.Figure1[1].Points, result.Figure1[1].ShortOfPlan);
            var pwcca = result.Figure2.Single(g => g.Metric == "pwcca").Panels[0];
            Assert.Equal(3, pwcca.PlannedRepetitions);
        }
    }

    [Fact]
    public void The_report_shows_every_figure_with_and_without_bands_behind_one_checkbox_without_script()
    {
        using var sweep = ReportFixture.Create();
        var result = ReportGenerator.Generate(sweep.Path);
        var html = File.ReadAllText(result.HtmlPath);

        Assert.Single(Regex.Matches(html, "<input type=\"checkbox\" id=\"show-spread\" checked>"));
        // the checkbox precedes the figures, as a sibling of what holds them, so the CSS sibling selector reaches them all
        Assert.True(html.IndexOf("id=\"show-spread\"", StringComparison.Ordinal) < html.IndexOf("<figure", StringComparison.Ordinal));
        Assert.Contains("#show-spread:not(:checked)~* .spread-on{display:none}", html);
        int figures = Regex.Matches(html, "<figure ").Count;
        Assert.Equal(2 + 3, figures); // figure 1 (linear, log), figure 2 (svcca, pwcca, cka)
        Assert.Equal(figures, Regex.Matches(html, "<div class=\"spread-on\">").Count);
        Assert.Equal(figures, Regex.Matches(html, "<div class=\"spread-off\">").Count);
        Assert.Contains("href=\"figures/figure2-svcca-iqr.png\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", ""));  // no CDN: only the SVG namespace
        Assert.DoesNotContain("https://", html);

        // a band is drawn only in the -iqr variant: the same figure with more filled shapes
        string plain = File.ReadAllText(sweep.File("figures/figure2-svcca.svg")), banded = File.ReadAllText(sweep.File("figures/figure2-svcca-iqr.svg"));
        Assert.True(Regex.Matches(banded, "<path\\b").Count > Regex.Matches(plain, "<path\\b").Count, "the -iqr figure draws no band");
        Assert.Contains(ReportText.SpreadSentence, File.ReadAllText(result.MarkdownPath));
        Assert.Contains("(figures/figure1-accuracy-vs-remaining-iqr.png)", File.ReadAllText(result.MarkdownPath));
    }
}
