using System.Text.Json;
using ActorPipeline.Host;
using ActorPipeline.Host.Results;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// One recipe for every entry point: a repetition of a finished sweep re-run alone with `imp --sweep`, and its
/// dense training with `train --sweep`, give the sweep's own numbers, byte for byte on the CPU.
/// </summary>
public sealed class ReproduceFromSweepTests(FullSizeSyntheticCifar data) : IClassFixture<FullSizeSyntheticCifar>
{

    [Fact]
    public async Task Imp_of_a_sweep_repetition_gives_the_sweep_rows_and_train_of_its_dense_run_gives_its_weights()
    {
        using var temp = new TempDirectory();
        var config = TinyHostSweep.WriteTo(temp.Path);
        var sweep = temp.File("sweep");
        // Two repetitions side by side: whether they ran concurrently must not matter either.
        Assert.Equal(0, await CliApp.RunAsync(["sweep", "--config", config, "--slots-per-device", "2", "--data", data.Folder, "--no-download", "--out", sweep]));

        var imp = temp.File("imp");
        Assert.Equal(0, await CliApp.RunAsync(["imp", "--sweep", sweep, "--problem", "cifar2", "--repetition", "1", "--device", "cpu", "--out", imp]));
        foreach (var (file, keyColumns) in new[] { (ResultsWriter.AccuracyFile, 3), (ResultsWriter.SimilarityFile, 4) })
        {
            var swept = File.ReadAllLines(Path.Combine(sweep, ResultsWriter.Folder, file));
            var alone = File.ReadAllLines(Path.Combine(imp, ResultsWriter.Folder, file));
            Assert.Equal(swept[0], alone[0]);
            var expected = swept.Skip(1).Where(line => line.StartsWith("cifar2,1,", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, alone.Skip(1));
            Assert.True(alone.Skip(1).Select(l => string.Join(",", l.Split(',').Take(keyColumns))).Distinct().Count() == alone.Length - 1, "a row is duplicated");
        }
        // Repetition 1's rows differ from repetition 0's: the seed really is the repetition's.
        var accuracy = File.ReadAllLines(Path.Combine(sweep, ResultsWriter.Folder, ResultsWriter.AccuracyFile));
        Assert.NotEqual(Cells(accuracy, "cifar2,0,2,"), Cells(accuracy, "cifar2,1,2,"));

        // Re-running only the first iteration of repetition 1 into a fresh folder gives the first rows.
        var first = temp.File("imp-first");
        Assert.Equal(0, await CliApp.RunAsync(["imp", "--sweep", sweep, "--problem", "cifar2", "--repetition", "1", "--iterations", "1", "--device", "cpu", "--out", first]));
        Assert.Equal(accuracy.Where(l => l.StartsWith("cifar2,1,0,") || l.StartsWith("cifar2,1,1,")),
            File.ReadAllLines(Path.Combine(first, ResultsWriter.Folder, ResultsWriter.AccuracyFile)).Skip(1));

        var dense = temp.File("dense");
        Assert.Equal(0, await CliApp.RunAsync(["train", "--sweep", sweep, "--problem", "cifar2", "--device", "cpu", "--out", dense]));
        var sweptDense = Path.Combine(sweep, "artifacts", "cifar2", "dense");
        Assert.Equal(File.ReadAllBytes(Path.Combine(sweptDense, DenseTrainingJob.FinalWeightsFile)), File.ReadAllBytes(Path.Combine(dense, DenseTrainingJob.FinalWeightsFile)));
        Assert.Equal(TestAccuracy(sweptDense), TestAccuracy(dense));
    }

    [Fact]
    public async Task Options_that_would_change_the_sweep_plan_are_refused()
    {
        using var temp = new TempDirectory();
        Assert.Equal(2, await CliApp.RunAsync(["imp", "--sweep", temp.Path, "--problem", "cifar2"])); // no sweep there
        Assert.Equal(2, await CliApp.RunAsync(["imp", "--problem", "cifar2"])); // neither --sweep nor --dense
        Assert.Equal(2, await CliApp.RunAsync(["train", "--sweep", temp.Path, "--problem", "cifar2", "--epochs", "3"]));
    }

    private static string Cells(IEnumerable<string> lines, string prefix) => lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    private static double TestAccuracy(string denseFolder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(denseFolder, DenseTrainingJob.SummaryFile)));
        return json.RootElement.GetProperty("FinalTestAccuracy").GetDouble();
    }
}
