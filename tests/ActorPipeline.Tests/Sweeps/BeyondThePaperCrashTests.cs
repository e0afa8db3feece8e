using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// The real host with `intrinsic_dimension: all` and `seed_baseline: 1`, killed with SIGKILL while training the seed
/// baseline and during a measurement, restarted each time: every results file (the ID and the seed baseline's too) equals
/// an uninterrupted run's, byte for byte: the new events replay and the baseline's training resumes.
/// </summary>
public sealed class BeyondThePaperCrashTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_sweep_with_intrinsic_dimension_and_a_seed_baseline_killed_and_restarted_ends_with_the_uninterrupted_results()
    {
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, TinyHostSweep.Yaml.Replace("repetitions: 2", "repetitions: 1") + "\nintrinsic_dimension: all\nintrinsic_dimension_points: 100\nseed_baseline: 1\n");
        string[] Arguments(string folder) => ["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder];

        var reference = temp.File("uninterrupted");
        using (var host = HostProcess.Start(Arguments(reference)))
            Assert.True(await host.WaitForExit(Patience) == 0, host.Output);

        var crashed = temp.File("crashed");
        foreach (var killAt in new[] { "dense: seed baseline 1 2/3", ": similarity 1/" })
        {
            using var host = HostProcess.Start(Arguments(crashed));
            var line = await host.WaitForLine(killAt, Patience);
            host.Kill();
            log.WriteLine($"killed at: {line}");
        }
        using (var host = HostProcess.Start(Arguments(crashed)))
        {
            Assert.True(await host.WaitForExit(Patience) == 0, host.Output);
            log.WriteLine(host.Output);
        }

        foreach (var file in new[] { ResultsWriter.AccuracyFile, ResultsWriter.SimilarityFile, ResultsWriter.IntrinsicDimensionFile, ResultsWriter.SeedBaselineFile })
            Assert.Equal(File.ReadAllLines(Path.Combine(reference, ResultsWriter.Folder, file)), File.ReadAllLines(Path.Combine(crashed, ResultsWriter.Folder, file)));
        // cifar2's 4 layers: the dense network's and 2 iterations' estimates; the baseline's similarity
        Assert.Equal(1 + 3 * 4, File.ReadAllLines(Path.Combine(crashed, ResultsWriter.Folder, ResultsWriter.IntrinsicDimensionFile)).Length);
        Assert.Equal(1 + 4, File.ReadAllLines(Path.Combine(crashed, ResultsWriter.Folder, ResultsWriter.SeedBaselineFile)).Length);
    }
}
