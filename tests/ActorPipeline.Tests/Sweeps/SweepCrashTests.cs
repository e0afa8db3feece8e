using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// The real host, killed with SIGKILL during the dense training, in the middle of an IMP iteration and
/// during a similarity measurement, restarted each time: the final results must equal those of an
/// uninterrupted run of the same config, byte for byte, with no row missing or duplicated.
/// </summary>
public sealed class SweepCrashTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);


    [Fact]
    public async Task A_sweep_killed_at_any_stage_and_restarted_ends_with_the_results_of_an_uninterrupted_run()
    {
        using var temp = new TempDirectory();
        var config = TinyHostSweep.WriteTo(temp.Path);
        string[] Arguments(string folder) => ["sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder];

        var reference = temp.File("uninterrupted");
        using (var host = HostProcess.Start(Arguments(reference)))
            Assert.True(await host.WaitForExit(Patience) == 0, host.Output);

        var crashed = temp.File("crashed");
        foreach (var killAt in new[] { "dense: dense training 2/3", "it 1: training 1/2", ": similarity 1/" })
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

        foreach (var file in new[] { ResultsWriter.AccuracyFile, ResultsWriter.SimilarityFile })
        {
            var expected = File.ReadAllLines(Path.Combine(reference, ResultsWriter.Folder, file));
            var actual = File.ReadAllLines(Path.Combine(crashed, ResultsWriter.Folder, file));
            Assert.Equal(expected, actual);
            var keys = actual.Skip(1).Select(l => string.Join(",", l.Split(',').Take(file == ResultsWriter.AccuracyFile ? 3 : 4))).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
        }
        Assert.Equal(1 + 2 * 3, File.ReadAllLines(Path.Combine(crashed, ResultsWriter.Folder, ResultsWriter.AccuracyFile)).Length);
        Assert.Equal(1 + 2 * 2 * 4, File.ReadAllLines(Path.Combine(crashed, ResultsWriter.Folder, ResultsWriter.SimilarityFile)).Length); // cifar2: conv1, conv2, pool1, fc1
    }
}
