using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Sweeps;

public sealed class SweepConfigTests
{
    [Fact]
    public void Yaml_overrides_the_profile_and_keeps_what_it_does_not_name()
    {
        var config = SweepConfigLoader.Parse("""
            problems: [cifar2, cifar4]
            repetitions: 3
            conv_rate: 0.15
            persistence:
              provider: postgresql
              connection_string: Host=127.0.0.1;Database=sweeps;Username=me
            """, "test.yaml", SweepProfiles.Get("quick"));
        Assert.Equal(["cifar2", "cifar4"], config.Problems);
        Assert.Equal(3, config.Repetitions);
        Assert.Equal(0.15, config.ConvRate);
        Assert.Equal(2, config.Iterations); // from the quick profile
        Assert.Equal("postgresql", config.Persistence.Provider);
    }

    [Fact]
    public void Json_is_read_too() =>
        Assert.Equal(5, SweepConfigLoader.Parse("""{ "iterations": 5, "metrics": ["svcca", "cka"] }""", "test.json").Iterations);

    [Theory]
    [InlineData("repetitons: 3", "unknown key 'repetitons'")]
    [InlineData("persistence:\n  passwrd: x", "passwrd")]
    [InlineData("repetitions: many", "'repetitions' has an invalid value")]
    [InlineData("repetitions: 0", "'repetitions' = 0 is invalid")]
    [InlineData("problems: [cifar3]", "'problems' = cifar3 is invalid")]
    [InlineData("metrics: [svcca, mmd]", "'metrics' = mmd is invalid")]
    [InlineData("conv_rate: 1.0", "'conv_rate' = 1 is invalid")]
    [InlineData("dense_epochs: 2\nrewind_epoch: 3", "'rewind_epoch' = 3 is invalid")]
    [InlineData("early_stopping: sometimes", "'early_stopping' = sometimes is invalid")]
    [InlineData("persistence:\n  provider: postgresql", "'persistence.connection_string' is required")]
    [InlineData("persistence:\n  provider: postgresql\n  connection_string: Host=x;Password=secret", "must not contain a password")]
    [InlineData("repetitions: [1", "test.yaml: 2:1")]
    [InlineData("fc_input: avg", "'fc_input' = avg is invalid: use flatten or gap")]
    [InlineData("early_stopping_monitor: val_acc", "'early_stopping_monitor' = val_acc is invalid")]
    [InlineData("learning_rate: 0", "'learning_rate' = 0 is invalid")]
    [InlineData("weight_decay: -1", "'weight_decay' = -1 is invalid")]
    [InlineData("dropout: 1", "'dropout' = 1 is invalid")]
    [InlineData("grad_clip_norm: 0", "'grad_clip_norm' = 0 is invalid")]
    [InlineData("pruning_grouping: global", "'pruning_grouping' = global is invalid")]
    [InlineData("rewind: both", "'rewind' = both is invalid: use weights or learning_rate")]
    [InlineData("intrinsic_dimension: pruned", "'intrinsic_dimension' = pruned is invalid: use off, dense, all")]
    [InlineData("intrinsic_dimension_points: 2", "'intrinsic_dimension_points' = 2 is invalid: must lie in 3..5000")]
    [InlineData("probe_size: 100\nintrinsic_dimension_points: 101", "'intrinsic_dimension_points' = 101 is invalid: must lie in 3..100 (probe_size")]
    public void Bad_configs_are_rejected_with_a_message_naming_the_key(string yaml, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepConfigLoader.Parse(yaml, "test.yaml"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Every_protocol_choice_reaches_the_plan_and_changes_the_sweep_id_only_when_it_leaves_its_default()
    {
        var config = SweepConfigLoader.Parse("""
            problems: [cifar2]
            learning_rate: 0.002
            weight_decay: 0.0001
            dropout: 0.3
            grad_clip_norm: 1
            fc_input: gap
            early_stopping_monitor: val_accuracy
            restore_best_weights: false
            prune_output: true
            prune_batchnorm: true
            pruning_grouping: per_layer
            rewind: learning_rate
            """, "test.yaml", SweepProfiles.Get("quick"));
        var plan = SweepPlanner.Plan(config, "md5", "/a").Problems[0];
        Assert.Equal((0.002, 0.0001, 0.3, (double?)1.0, "gap", "val_accuracy", false, true, true, "per_layer"),
            (plan.LearningRate, plan.WeightDecay, plan.DropoutRate, plan.GradientClipNorm, plan.FcInput, plan.EarlyStoppingMonitor, plan.RestoreBestWeights,
             plan.PruneOutputLayer, plan.PruneBatchNorm, plan.PruningGrouping));
        var training = plan.DenseTraining();
        Assert.Equal((0.002, 0.0001, (double?)1.0, false), (training.LearningRate, training.WeightDecay, training.GradientClipNorm, training.RestoreBestWeights));
        Assert.Equal(Ml.Training.EarlyStoppingMonitor.ValidationAccuracy, training.Monitor);
        Assert.Equal(Ml.Models.FcInput.GlobalAveragePooling, plan.Network().FcInput);
        Assert.Equal(0.3, plan.Network().DropoutRate);
        Assert.Equal(Ml.Pruning.PruningGrouping.PerLayer, plan.Pruning().Grouping);
        Assert.Equal(Ml.Experiments.RewindMode.LearningRate, plan.Imp(0).Rewind);

        var defaults = SweepProfiles.Get("quick");
        defaults.Problems = ["cifar2"];
        string Id(SweepConfig c) => SweepPlanner.Plan(c, "md5", "/a").SweepId;
        var baseline = Id(defaults);
        foreach (var change in new Action<SweepConfig>[]
                 {
                     c => c.LearningRate = 0.002, c => c.WeightDecay = 0, c => c.Dropout = 0.3, c => c.GradClipNorm = 1, c => c.FcInput = "gap",
                     c => c.EarlyStoppingMonitor = "val_accuracy", c => c.RestoreBestWeights = false, c => c.PruneOutput = true,
                     c => c.PruneBatchnorm = true, c => c.PruningGrouping = "per_layer", c => c.Rewind = "learning_rate",
                 })
        {
            var changed = defaults.Clone();
            change(changed);
            Assert.NotEqual(baseline, Id(changed));
        }
        // The defaults written out explicitly are the same sweep.
        var explicitDefaults = SweepConfigLoader.Parse("problems: [cifar2]\nlearning_rate: 0.001\nfc_input: flatten\ndropout: 0.5\nrewind: weights", "test.yaml", SweepProfiles.Get("quick"));
        Assert.Equal(baseline, Id(explicitDefaults));
    }

    [Fact]
    public void The_sweep_id_changes_with_what_changes_results_and_not_with_devices_or_paths()
    {
        var config = SweepProfiles.Get("quick");
        var id = SweepPlanner.Plan(config, "md5-a", "/a").SweepId;

        var otherHardware = config.Clone();
        otherHardware.Devices = "cuda:0,cuda:1";
        otherHardware.SlotsPerDevice = 4;
        otherHardware.Output = "/elsewhere";
        Assert.Equal(id, SweepPlanner.Plan(otherHardware, "md5-a", "/b").SweepId);

        var otherSeed = config.Clone();
        otherSeed.Seed = 1;
        Assert.NotEqual(id, SweepPlanner.Plan(otherSeed, "md5-a", "/a").SweepId);
        Assert.NotEqual(id, SweepPlanner.Plan(config, "md5-b", "/a").SweepId);
    }

    [Fact]
    public void The_paper_profile_resolves_to_tables_2_and_3()
    {
        var plan = SweepPlanner.Plan(SweepProfiles.Get("paper"), "md5", "/a");
        Assert.Equal(["cifar2", "cifar4", "cifar6", "cifar8", "cifar10"], plan.Problems.Select(p => p.Problem));
        var cifar8 = plan.Problems.Single(p => p.Problem == "cifar8");
        Assert.Equal((200, 200, 20, 0.2, 0.2, 3, 20, 20, 5000), (cifar8.DenseEpochs, cifar8.ImpEpochs, cifar8.Patience!.Value, cifar8.ConvRate, cifar8.FcRate, cifar8.RewindEpoch, cifar8.Iterations, cifar8.Repetitions, cifar8.ProbeSize));
        var cifar2 = plan.Problems.Single(p => p.Problem == "cifar2");
        Assert.Equal((50, (int?)null, 0.1, 0.2), (cifar2.DenseEpochs, cifar2.Patience, cifar2.ConvRate, cifar2.FcRate));
    }

    [Fact]
    public void The_sweep_id_of_a_profile_is_stable_across_versions()
    {
        // Resuming relies on the id: a new (derived) property on the plan must not change it. This is the id the
        // quick profile had on the offline archive when it was first run.
        Assert.Equal("2afb0a18f7e0", SweepPlanner.Plan(SweepProfiles.Get("quick"), "06a3cf532da31bc390f33fc014f31a12", "/a").SweepId);
    }
}
