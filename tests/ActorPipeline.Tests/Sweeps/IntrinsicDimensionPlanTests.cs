using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>`intrinsic_dimension` and `intrinsic_dimension_points`: from the config to the plan, the sweep id and the cost estimate.</summary>
public sealed class IntrinsicDimensionPlanTests
{
    private static string Id(SweepConfig config) => SweepPlanner.Plan(config, "md5", "/a").SweepId;

    [Fact]
    public void The_keys_reach_the_plan_and_enter_the_sweep_id_only_when_not_off()
    {
        var off = SweepProfiles.Get("quick");
        var baseline = Id(off);

        // off with a number of points measures nothing: still the same sweep as before the keys existed
        var offWithPoints = SweepConfigLoader.Parse("intrinsic_dimension: off\nintrinsic_dimension_points: 50", "test.yaml", SweepProfiles.Get("quick"));
        Assert.Equal(baseline, Id(offWithPoints));
        Assert.Equal(IntrinsicDimensionPlan.Off, SweepPlanner.Plan(offWithPoints, "md5", "/a").Problems[0].IntrinsicDimensions());

        var dense = SweepConfigLoader.Parse("intrinsic_dimension: dense", "test.yaml", SweepProfiles.Get("quick"));
        var all = SweepConfigLoader.Parse("intrinsic_dimension: all", "test.yaml", SweepProfiles.Get("quick"));
        var allFifty = SweepConfigLoader.Parse("intrinsic_dimension: all\nintrinsic_dimension_points: 50", "test.yaml", SweepProfiles.Get("quick"));
        var ids = new[] { baseline, Id(dense), Id(all), Id(allFifty) };
        Assert.Equal(ids.Length, ids.Distinct().Count());

        var plan = SweepPlanner.Plan(allFifty, "md5", "/a").Problems[0];
        Assert.Equal(new IntrinsicDimensionPlan(IntrinsicDimensionScope.All, 50), plan.IntrinsicDimensions());
        // null points: the whole probe set (quick: 100 images), resolved in the plan (its table shows the number), the same sweep as 100 given
        var densePlan = SweepPlanner.Plan(dense, "md5", "/a").Problems[0];
        Assert.Equal(new IntrinsicDimensionPlan(IntrinsicDimensionScope.Dense, 100), densePlan.IntrinsicDimensions());
        Assert.Equal(100, densePlan.IntrinsicDimensionPoints);
        Assert.Equal(Id(dense), Id(SweepConfigLoader.Parse("intrinsic_dimension: dense\nintrinsic_dimension_points: 100", "test.yaml", SweepProfiles.Get("quick"))));
        Assert.Null(SweepPlanner.Plan(offWithPoints, "md5", "/a").Problems[0].IntrinsicDimensionPoints);
    }

    [Theory]
    [InlineData("off", 0, 1, false, false)]
    [InlineData("dense", 0, 1, true, false)]
    [InlineData("dense", 0, 2, false, false)]
    [InlineData("dense", 1, 1, false, false)]
    [InlineData("all", 0, 1, true, true)]
    [InlineData("all", 1, 1, false, true)]
    [InlineData("all", 3, 7, false, true)]
    public void The_dense_network_is_measured_once_per_problem_and_pruned_ones_only_with_all(string scope, int repetition, int iteration, bool dense, bool pruned)
    {
        var plan = ProblemPlan.Paper("cifar2") with { IntrinsicDimension = scope };
        Assert.Equal(new IntrinsicDimensionTargets(dense, pruned), plan.IntrinsicDimensions().For(repetition, iteration));
    }

    [Fact]
    public void A_plan_with_too_many_points_is_refused_naming_the_problem()
    {
        var plan = ProblemPlan.Paper("cifar2") with { IntrinsicDimension = "all", IntrinsicDimensionPoints = 5001 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(plan.Validate);
        Assert.Contains("Cifar2: the intrinsic dimension's points must lie in 3..5000", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_cost_counts_one_gram_matrix_per_layer_and_estimate()
    {
        var plan = ProblemPlan.Paper("cifar2") with { IntrinsicDimension = "all", IntrinsicDimensionPoints = 1000, Repetitions = 3, Iterations = 4 };
        // Cifar2 (16*, 16, MP / 256§): two 16×32×32 conv maps, a 16×16×16 pooled map, 256 fc units
        var features = ProbeLayerShapes.Of(plan).Select(l => l.Features).ToList();
        Assert.Equal([16_384L, 16_384, 4_096, 256], features);

        var cost = IntrinsicDimensionCost.Of(plan, features);
        long d = 16_384 + 16_384 + 4_096 + 256;
        Assert.Equal(1 + 3 * 4, cost.Estimates);
        Assert.Equal(2.0 * 1000 * 1000 * d, cost.OperationsPerEstimate);
        Assert.Equal(2L * 1000 * d * 4, cost.PeakPointBytes); // the dense and the pruned points together, float32
        Assert.Equal(16_384, cost.WidestLayer);
        Assert.Equal(13 * 2.0 * 1e6 * d / 1e10 / 2, cost.Time(1e10, devices: 2).TotalSeconds, 9);

        var denseOnly = IntrinsicDimensionCost.Of(plan with { IntrinsicDimension = "dense" }, features);
        Assert.Equal((1, 1000L * d * 4), (denseOnly.Estimates, denseOnly.PeakPointBytes));
        Assert.Equal(0, IntrinsicDimensionCost.Of(plan with { IntrinsicDimension = "off" }, features).Operations);
    }
}
