using ActorPipeline.Host.Comparison;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;
using ActorPipeline.Host.Reports;
using ActorPipeline.Tests.Actors;

namespace ActorPipeline.Tests.Comparison;

public sealed class SweepComparisonTests
{
    private static SweepManifest Manifest(SweepConfig config, string md5 = "0123456789abcdef0123456789abcdef", params string[] problems) =>
        new("id-" + config.GetHashCode(), "quick", config, TinySweeps.Plan("/tmp/x", problems: problems.Length == 0 ? ["cifar2"] : problems), "/data/x.tar.gz", md5);

    [Fact]
    public void Exactly_the_plan_settings_that_differ_are_listed_and_where_or_how_a_sweep_ran_is_not()
    {
        var a = new SweepConfig();
        var b = a.Clone();
        b.FcInput = "gap";
        b.GradClipNorm = 1.0;
        b.Devices = "cuda:0";                       // how it ran
        b.Output = "/elsewhere";                    // where
        b.Persistence.Provider = "postgresql";      // its journal
        b.SlotsPerDevice = 4;
        var differences = SettingDifference.Between(Manifest(a), Manifest(b, md5: "ffffffffffffffffffffffffffffffff"));
        Assert.Equal(["data md5", "grad_clip_norm", "fc_input"], differences.Select(d => d.Setting)); // the data first, then the config's order
        Assert.Contains(differences, d => d is { Setting: "fc_input", B: "gap" });
        Assert.Empty(SettingDifference.Between(Manifest(a), Manifest(a.Clone())));
    }

    [Theory]
    [InlineData(0.80, 0.70, 0.90, 0.60, 0.55, 0.65, true)]   // |0.60 − 0.80| = 0.20 > mean IQR 0.15
    [InlineData(0.80, 0.70, 0.90, 0.70, 0.60, 0.80, false)]  // 0.10 < 0.20
    [InlineData(0.50, 0.50, 0.50, 0.50, 0.50, 0.50, false)]  // identical: no difference at all
    public void A_difference_exceeds_the_spread_when_it_is_larger_than_the_mean_interquartile_range(
        double a, double aLow, double aHigh, double b, double bLow, double bHigh, bool exceeds)
    {
        var difference = LayerDifference.Between([new SimilarityMedian("cifar2", "conv1", 0, 3, "svcca", 5, a, aLow, aHigh)],
            [new SimilarityMedian("cifar2", "conv1", 0, 3, "svcca", 5, b, bLow, bHigh), new SimilarityMedian("cifar2", "conv2", 1, 3, "svcca", 5, b, bLow, bHigh)]);
        var only = Assert.Single(difference); // conv2 is in B only: nothing to compare it with
        Assert.Equal(b - a, only.Difference, 12);
        Assert.Equal(exceeds, only.ExceedsSpread);
    }

    [Fact]
    public void Sweeps_with_no_problem_in_common_cannot_be_compared_and_the_error_says_which()
    {
        var a = new ComparedSweep("A", "/runs/a", Manifest(new SweepConfig(), problems: "cifar2"), [], []);
        var b = new ComparedSweep("B", "/runs/b", Manifest(new SweepConfig(), problems: "cifar4"), [], []);
        var error = Assert.Throws<ArgumentException>(() => SweepComparison.Of(a, b));
        Assert.Contains("/runs/a (cifar2)", error.Message);
        Assert.Contains("/runs/b (cifar4)", error.Message);
    }

    [Fact]
    public void The_page_escapes_every_string_from_a_config_or_a_path()
    {
        var hostile = "<script>alert(1)</script>";
        var config = new SweepConfig { FcInput = hostile };
        var a = new ComparedSweep("A", "/runs/" + hostile, Manifest(new SweepConfig()), [new AccuracyRecord("cifar2", 0, 0, 0, 0, 0, 0.8, 0)], []);
        var b = new ComparedSweep("B", "/runs/b", Manifest(config), [new AccuracyRecord("cifar2", 0, 0, 0, 0, 0, 0.7, 0)], []);
        var html = ComparisonHtml.Write(SweepComparison.Of(a, b), DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }
}
