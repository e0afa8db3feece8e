using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;
using ActorPipeline.Host.Reports;
using ActorPipeline.Ml.Compute;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>cpu_threads and deterministic: parsed and validated naming the key, in the sweep id only when chosen, and the report's flag of a repetition that mixed.</summary>
public sealed class ComputeSettingsPlanTests
{
    [Theory]
    [InlineData("auto", null)]
    [InlineData("1", 1)]
    [InlineData(" 16 ", 16)]
    public void Cpu_threads_parse_a_count_or_auto(string text, int? expected) => Assert.Equal(expected, CpuThreadsSetting.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("many")]
    [InlineData("1025")]
    public void A_bad_cpu_threads_value_is_an_error_naming_the_key(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepConfigLoader.Parse($"cpu_threads: {text}", "test.yaml"));
        Assert.Contains("'cpu_threads'", error.Message);
    }

    [Fact]
    public void Auto_threads_stay_out_of_the_sweep_id_a_chosen_count_and_determinism_enter_it()
    {
        var config = new SweepConfig { Problems = ["cifar2"] };
        var onOne = SweepPlanner.Plan(config, "md5", "", autoThreads: 1);
        var onEight = SweepPlanner.Plan(config, "md5", "", autoThreads: 8);
        Assert.Equal(onOne.SweepId, onEight.SweepId);
        Assert.Equal(8, onEight.Problems[0].CpuThreads);
        Assert.False(onEight.Problems[0].CpuThreadsChosen);

        config.CpuThreads = "8";
        var chosen = SweepPlanner.Plan(config, "md5", "", autoThreads: 1);
        Assert.NotEqual(onEight.SweepId, chosen.SweepId);
        Assert.Equal(8, chosen.Problems[0].CpuThreads);

        config.CpuThreads = "auto";
        config.Deterministic = true;
        Assert.NotEqual(onOne.SweepId, SweepPlanner.Plan(config, "md5", "", autoThreads: 1).SweepId);
    }

    [Fact]
    public void A_sweep_keeps_the_count_auto_resolved_to_when_it_was_created()
    {
        var config = new SweepConfig { Problems = ["cifar2", "cifar4"] };
        var created = SweepPlanner.Plan(config, "md5", "", autoThreads: 3);
        Assert.Equal(3, SweepPlanner.AutoThreadsOf(created));
        config.CpuThreads = "2";
        Assert.Null(SweepPlanner.AutoThreadsOf(SweepPlanner.Plan(config, "md5", "")));
    }

    private static ProvenanceRecord Step(int? repetition, int iteration, string step, string device, int threads) =>
        new("cifar2", repetition, iteration, step, "node-a", device, device == "cpu" ? "AMD EPYC 7B13" : "NVIDIA H100", "2.10.0", "0.107.0", threads, false, "md5");

    [Fact]
    public void The_report_flags_a_repetition_whose_steps_ran_with_different_threads_or_devices()
    {
        var mix = ProvenanceMix.From([
            Step(null, 0, ProvenanceCsv.DenseStep, "cpu", 2),
            Step(0, 1, ProvenanceCsv.TrainedStep, "cpu", 2), Step(0, 1, ProvenanceCsv.MeasuredStep, "cpu", 2),
            Step(1, 1, ProvenanceCsv.TrainedStep, "cpu", 1), Step(1, 1, ProvenanceCsv.MeasuredStep, "cuda:0", 2),
        ]);

        var mixed = Assert.Single(mix.Mixed);
        Assert.Equal(("cifar2", 1), (mixed.Problem, mixed.Repetition));
        Assert.Equal(["device cpu (AMD EPYC 7B13), cuda (NVIDIA H100)", "threads 1, 2"], mixed.Differences);
        Assert.Equal(4, mix.Shares.Where(s => s.DeviceKind.StartsWith("cpu")).Sum(s => s.Steps));
        Assert.Single(ReportText.MixedRepetitionsTable(mix).Rows);
    }
}
