using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Experiments;

public sealed class ProblemPlanTests
{
    [Theory]
    [InlineData("cifar2", "16*, 16, MP / 256§", 50, null, 0.1, 0.2)]
    [InlineData("cifar6", "64*, 64, MP, 128*, 128, MP, 256*, 256, MP / 256§", 100, null, 0.1, 0.2)]
    [InlineData("cifar10", "64*, 64*, MP, 128*, 128*, MP, 256*, 256*, MP, 512*, 512*, MP / 1024§*", 200, 20, 0.2, 0.2)]
    public void The_paper_plan_is_tables_2_and_3(string problem, string architecture, int epochs, int? patience, double conv, double fc)
    {
        var plan = ProblemPlan.Paper(problem);
        plan.Validate();
        Assert.Equal((architecture, epochs, epochs, patience, conv, fc), (plan.Architecture, plan.DenseEpochs, plan.ImpEpochs, plan.Patience, plan.ConvRate, plan.FcRate));
        Assert.Equal((3, 20, 20, 5000, 128), (plan.RewindEpoch, plan.Iterations, plan.Repetitions, plan.ProbeSize, plan.BatchSize));
        Assert.Equal(1 + 2 * 20 * 20, plan.StepsPlanned);
    }

    [Theory]
    [InlineData(nameof(ProblemPlan.ConvRate), "conv pruning rate must lie in [0, 1)")]
    [InlineData(nameof(ProblemPlan.FcRate), "fc pruning rate must lie in [0, 1)")]
    [InlineData(nameof(ProblemPlan.RewindEpoch), "rewind epoch must lie in 0..50")]
    [InlineData(nameof(ProblemPlan.LearningRate), "learning rate must be positive")]
    [InlineData(nameof(ProblemPlan.DropoutRate), "dropout rate must lie in [0, 1)")]
    [InlineData(nameof(ProblemPlan.GradientClipNorm), "gradient clipping norm must be positive")]
    [InlineData(nameof(ProblemPlan.FcInput), "Unknown fc input 'sum'")]
    [InlineData(nameof(ProblemPlan.EarlyStoppingMonitor), "Unknown early-stopping monitor 'loss'")]
    [InlineData(nameof(ProblemPlan.Metrics), "Unknown similarity metric \"mmd\"")]
    public void Validate_names_the_problem_and_the_setting(string setting, string expected)
    {
        var paper = ProblemPlan.Paper("cifar2");
        var plan = setting switch
        {
            nameof(ProblemPlan.ConvRate) => paper with { ConvRate = 1 },
            nameof(ProblemPlan.FcRate) => paper with { FcRate = double.NaN },
            nameof(ProblemPlan.RewindEpoch) => paper with { RewindEpoch = 51 },
            nameof(ProblemPlan.LearningRate) => paper with { LearningRate = 0 },
            nameof(ProblemPlan.DropoutRate) => paper with { DropoutRate = 1 },
            nameof(ProblemPlan.GradientClipNorm) => paper with { GradientClipNorm = -1 },
            nameof(ProblemPlan.FcInput) => paper with { FcInput = "sum" },
            nameof(ProblemPlan.EarlyStoppingMonitor) => paper with { EarlyStoppingMonitor = "loss" },
            _ => paper with { Metrics = ["svcca", "mmd"] },
        };
        var error = Assert.ThrowsAny<ArgumentException>(plan.Validate);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Repetition_seeds_are_derived_from_the_plan_seed_and_differ_per_repetition()
    {
        var plan = ProblemPlan.Paper("cifar4") with { Seed = 11 };
        var seeds = Enumerable.Range(0, 20).Select(plan.RepetitionSeed).ToList();
        Assert.Equal(20, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.True(s >= 0));
        Assert.Equal(seeds, Enumerable.Range(0, 20).Select((plan with { Seed = 11 }).RepetitionSeed));
        Assert.NotEqual(seeds[0], (plan with { Seed = 12 }).RepetitionSeed(0));
        Assert.Equal(plan.RepetitionSeed(3), plan.Imp(3).Seed);
    }

    [Fact]
    public void The_identity_leaves_out_later_options_only_at_their_default()
    {
        var plan = ProblemPlan.Paper("cifar2");
        var identity = PlanIdentity.Identifying(plan);
        Assert.False(identity.ContainsKey(nameof(ProblemPlan.LearningRate)));
        Assert.False(identity.ContainsKey(nameof(ProblemPlan.FcInput)));
        Assert.True(identity.ContainsKey(nameof(ProblemPlan.ConvRate)));
        Assert.True(PlanIdentity.Identifying(plan with { FcInput = ProtocolChoices.GlobalAveragePooling }).ContainsKey(nameof(ProblemPlan.FcInput)));
        Assert.NotEqual(PlanIdentity.SweepId([plan], "x"), PlanIdentity.SweepId([plan with { LearningRate = 2e-3 }], "x"));
        Assert.NotEqual(PlanIdentity.SweepId([plan], "x"), PlanIdentity.SweepId([plan], "y"));
    }

    [Fact]
    public void Rewind_defaults_to_the_papers_weights_and_enters_the_identity_only_as_learning_rate()
    {
        var plan = ProblemPlan.Paper("cifar2");
        var learningRate = plan with { Rewind = ProtocolChoices.RewindLearningRate };

        Assert.Equal((ProtocolChoices.RewindWeights, RewindMode.Weights, RewindMode.LearningRate), (plan.Rewind, plan.Imp(0).Rewind, learningRate.Imp(0).Rewind));
        Assert.False(PlanIdentity.Identifying(plan).ContainsKey(nameof(ProblemPlan.Rewind)));
        Assert.True(PlanIdentity.Identifying(learningRate).ContainsKey(nameof(ProblemPlan.Rewind)));
        Assert.NotEqual(PlanIdentity.SweepId([plan], "x"), PlanIdentity.SweepId([learningRate], "x"));
        Assert.Contains("Unknown rewind 'both': use weights or learning_rate", Assert.Throws<ArgumentException>(() => (plan with { Rewind = "both" }).Validate()).Message);
    }
}
