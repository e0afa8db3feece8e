using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>`seed_baseline`: from the config to the plan, the sweep id (only when not 0) and the cost estimate.</summary>
public sealed class SeedBaselinePlanTests
{
    [Fact]
    public void The_key_reaches_the_plan_and_enters_the_sweep_id_only_when_not_zero()
    {
        string Id(SweepConfig c) => SweepPlanner.Plan(c, "md5", "/a").SweepId;
        var none = SweepConfigLoader.Parse("seed_baseline: 0", "test.yaml", SweepProfiles.Get("quick"));
        var three = SweepConfigLoader.Parse("seed_baseline: 3", "test.yaml", SweepProfiles.Get("quick"));
        Assert.Equal(Id(SweepProfiles.Get("quick")), Id(none));
        Assert.NotEqual(Id(none), Id(three));
        Assert.Equal(3, SweepPlanner.Plan(three, "md5", "/a").Problems[0].SeedBaseline);
        Assert.Contains("'seed_baseline' = -1 is invalid: must lie in 0..100", Assert.Throws<ArgumentException>(() => SweepConfigLoader.Parse("seed_baseline: -1", "test.yaml")).Message);
    }

    [Fact]
    public void Each_baseline_costs_a_dense_training_and_one_probe_pass()
    {
        var plan = ProblemPlan.Paper("cifar2");
        var without = SweepCostEstimate.Of(plan);
        var with = SweepCostEstimate.Of(plan with { SeedBaseline = 3 });
        Assert.Equal(without.Trainings + 3, with.Trainings);
        Assert.Equal(without.Epochs + 3 * 50, with.Epochs);
        Assert.Equal(without.ProbeImages + 3 * 5_000 * 2L, with.ProbeImages);
        // each baseline trains from its own seed
        Assert.Equal(3, new[] { 1, 2, 3 }.Select(plan.SeedBaselineSeed).Append(plan.Seed).Distinct().Count() - 1);
    }
}
