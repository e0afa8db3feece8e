using ActorPipeline.Host.UseCases;
using System.Globalization;
using ActorPipeline.Host;
using ActorPipeline.Host.Commands;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Smoke;

/// <summary>The `imp` verb end to end on the offline CIFAR-10 copy (skipped where it is absent).</summary>
public sealed class RealDataImpSmokeTests : IDisposable
{
    private const string Archive = "data/cifar10/cifar-10-binary.tar.gz";
    private readonly string _dir = Directory.CreateTempSubdirectory("imp-smoke").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [FactWhenSharedFileExists(Archive)]
    public async Task Cifar2_imp_writes_the_planned_sparsity_per_iteration_and_a_rerun_skips_finished_iterations()
    {
        var dense = Path.Combine(_dir, "dense");
        var repetition = Path.Combine(_dir, "rep");
        Assert.Equal(0, await CliApp.RunAsync(["train", "--problem", "cifar2", "--epochs", "3", "--train-limit", "600", "--test-limit", "200",
            "--data", SharedData.Find(Archive)!, "--device", "cpu", "--seed", "1", "--out", dense]));
        string[] imp = ["imp", "--problem", "cifar2", "--iterations", "2", "--epochs", "1", "--repetition", "7", "--dense", Path.Combine(dense, "final.pt"),
            "--data", SharedData.Find(Archive)!, "--device", "cpu", "--out", repetition];
        Assert.Equal(0, await CliApp.RunAsync(imp));

        var rows = File.ReadAllLines(Path.Combine(repetition, ImpCsv.FileName));
        Assert.Equal(ImpCsv.Header, rows[0]);
        Assert.Equal(4, rows.Length); // header, dense, 2 iterations
        // cifar2: conv group 448 + 2,320 = 2,768 parameters at 10 %, fc group 1,048,832 at 20 % (Table 3).
        long convAlive = 2768, fcAlive = 1_048_832;
        for (int iteration = 1; iteration <= 2; iteration++)
        {
            convAlive -= MagnitudePruner.PruneCount(0.1, convAlive);
            fcAlive -= MagnitudePruner.PruneCount(0.2, fcAlive);
            var cells = rows[iteration + 1].Split(',');
            Assert.Equal(iteration.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(convAlive.ToString(CultureInfo.InvariantCulture), cells[4]);
            Assert.Equal(fcAlive.ToString(CultureInfo.InvariantCulture), cells[6]);
            var accuracy = double.Parse(cells[8], CultureInfo.InvariantCulture);
            Assert.InRange(accuracy, 0.5, 1.0); // two balanced classes: chance is 50 %
        }

        // Every iteration is measured too, in the sweep's schema: 4 layers of cifar2 × 2 iterations.
        var similarity = File.ReadAllLines(Path.Combine(repetition, Host.Results.ResultsWriter.Folder, Host.Results.ResultsWriter.SimilarityFile));
        Assert.Equal(1 + 2 * 4, similarity.Length);
        Assert.All(similarity.Skip(1), row => Assert.StartsWith("cifar2,7,", row));

        var started = DateTime.UtcNow;
        Assert.Equal(0, await CliApp.RunAsync(imp));
        Assert.Equal(rows, File.ReadAllLines(Path.Combine(repetition, ImpCsv.FileName)));
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(repetition, "iteration-02", ImpRepetitionJob.SummaryFile)) < started, "a finished iteration was redone");
    }

    [Fact]
    public async Task A_missing_dense_run_is_a_clear_error()
    {
        Assert.Equal(2, await CliApp.RunAsync(["imp", "--problem", "cifar2", "--dense", Path.Combine(_dir, "absent")]));
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        Assert.Equal(2, await CliApp.RunAsync(["imp", "--problem", "cifar2", "--dense", Path.Combine(_dir, "empty")]));
    }
}
