using ActorPipeline.Host.Bench;
using ActorPipeline.Ml.Memory;
using ActorPipeline.Actors.Bench;

namespace ActorPipeline.Tests.Memory;

/// <summary>The memory bench's table and verdicts on made-up samples whose trend is known.</summary>
public sealed class MemoryBenchReportTests
{
    private const long Megabyte = 1 << 20;

    private static MemorySample Sample(int step, long rssMegabytes, long tensors) => new(step, TimeSpan.FromSeconds(step * 2),
        new MemorySnapshot(rssMegabytes * Megabyte, 3000 * Megabyte, 300 * Megabyte, new MallocTotals(900 * Megabyte, 3 * Megabyte, 200 * Megabyte, 700 * Megabyte, 4), tensors, 19));

    [Fact]
    public void A_resident_climb_after_warm_up_is_called_out_and_a_level_after_it_is_flat()
    {
        // Warm-up rises from 1000 to 1900 MB; then one run stays level, the other climbs 10 MB a step.
        var level = Enumerable.Range(1, 40).Select(s => Sample(s, s <= 10 ? 1000 + 90 * s : 1900 + (s % 2) * 10, 256)).ToList();
        var climbing = Enumerable.Range(1, 40).Select(s => Sample(s, s <= 10 ? 1000 + 90 * s : 1900 + 10 * (s - 10), 256)).ToList();

        string flat = new MemoryBenchReport(level, warmupSteps: 10, repetitions: 1).Summary();
        string rising = new MemoryBenchReport(climbing, warmupSteps: 10, repetitions: 1).Summary();

        Assert.Contains("peak RSS 3000 MB", flat);
        Assert.Contains("trend over steps 11..40 (30 samples, after 10 warm-up steps)", flat);
        Assert.Matches(@"RSS +[+-]\d\.\d ± +\d+\.\d MB .* flat", flat);
        Assert.Matches(@"RSS +\+1000\.0 ± +0\.0 MB .* CLIMBS", rising);
        Assert.Matches(@"live tensors +\+0\.0 .* flat", rising);
    }

    [Fact]
    public void The_table_has_a_row_per_step_in_megabytes()
    {
        var table = new MemoryBenchReport([Sample(1, 1500, 38), Sample(2, 1600, 256)], null, 1).Table().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, table.Length);
        Assert.Equal(["2", "4s", "1600", "300", "200", "700", "3", "4", "256", "19"], table[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
