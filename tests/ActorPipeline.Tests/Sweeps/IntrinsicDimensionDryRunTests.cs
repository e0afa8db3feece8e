using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>`sweep --dry-run` shows the intrinsic dimension's work and share of the time only when the config asks for it.</summary>
[Collection(CliConsole.Collection)]
public sealed class IntrinsicDimensionDryRunTests(FullSizeSyntheticCifar data) : IClassFixture<FullSizeSyntheticCifar>
{
    [Fact]
    public async Task The_dry_run_lists_the_intrinsic_dimension_with_its_share_of_the_time()
    {
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, "problems: [cifar2]\nintrinsic_dimension: all\nintrinsic_dimension_points: 1000\n");
        var (exit, stdout, stderr) = await CliConsole.RunAsync("sweep", "--profile", "paper", "--config", config, "--data", data.Folder, "--no-download", "--dry-run", "--throughput", "2500");
        Assert.True(exit == 0, stderr);
        var row = stdout.Split('\n').Single(l => l.StartsWith("cifar2", StringComparison.Ordinal) && l.Contains(" all "));
        // 1 dense + 20 × 20 pruned estimates of 4 layers, the widest 16,384 features; 2 · 1000² · 37,120 flops each = 0.07424 TFLOP
        Assert.Matches(@"cifar2\s+all\s+1,000\s+401\s+4\s+16,384\s+29\.77\s+283 MiB\s+.*%", row);

        File.WriteAllText(config, "problems: [cifar2]\n");
        (exit, stdout, stderr) = await CliConsole.RunAsync("sweep", "--profile", "paper", "--config", config, "--data", data.Folder, "--no-download", "--dry-run", "--throughput", "2500");
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("intrinsic dimension", stdout);
    }
}
