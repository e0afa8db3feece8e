using ActorPipeline.Host.Bench;
using ActorPipeline.Actors.Bench;

namespace ActorPipeline.Tests.Bench;

/// <summary>The coordinator benchmark run small (4 nodes × 2 slots, one problem, SQLite): its numbers agree with each other. No timing is asserted.</summary>
public sealed class CoordinatorBenchmarkTests
{
    [Fact]
    public async Task A_small_run_persists_every_planned_step_and_times_every_assignment_and_step()
    {
        var options = new CoordinatorBenchmarkOptions { Nodes = 4, Slots = 2, Problems = ["cifar2"], Iterations = 3 };

        var result = await CoordinatorBenchmark.RunAsync(options);

        Assert.True(result.Finished);
        Assert.Equal(8, result.Repetitions); // by default the slots spread over the problems: every slot busy
        Assert.Equal(2 * 3 * 8, result.StepsPlanned);
        Assert.Equal(result.StepsPlanned, result.StepsPersisted);
        Assert.Equal(result.StepsPersisted, result.StepsRecordedReceived);
        // The dense training and every repetition were assigned once, each offer seen; every step's round trip timed.
        Assert.Equal(1 + 8, result.Assignments);
        Assert.Equal(0, result.AssignmentsWithoutOffer);
        Assert.Equal(result.StepsPersisted, result.StepRecords);
        Assert.True(result.Seconds > 0);
        Assert.Equal(result.StepsPersisted / result.Seconds, result.StepsPerSecond, precision: 6);
        Assert.True(result.AssignmentP50 > 0 && result.AssignmentP50 <= result.AssignmentP99, $"assignment p50 {result.AssignmentP50}, p99 {result.AssignmentP99}");
        Assert.True(result.StepRecordP50 > 0 && result.StepRecordP50 <= result.StepRecordP99, $"step record p50 {result.StepRecordP50}, p99 {result.StepRecordP99}");
        Assert.StartsWith("SQLite ", result.Journal);
        var row = result.Table().Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["4", "2", "48"], row[..3]);
        Assert.Contains(result.MeetsThroughput ? "PASS  steps persisted/s" : "MISS  steps persisted/s", result.Targets());
    }
}
