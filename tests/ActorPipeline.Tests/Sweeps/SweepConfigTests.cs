using ActorPipeline.Host.Sweeps;

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
    public void Bad_configs_are_rejected_with_a_message_naming_the_key(string yaml, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepConfigLoader.Parse(yaml, "test.yaml"));
        Assert.Contains(expected, error.Message);
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
