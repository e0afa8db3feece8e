using ActorPipeline.Actors.Compute;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using TorchSharp;
using Xunit.Abstractions;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// What a finished sweep leaves behind in its process: no tensor per step and no thread of its own; and where a slot
/// computes. Counted, not timed, so a busy machine cannot fool it; alone in its collection, because tensors and threads
/// are counted process-wide.
/// </summary>
[Collection(nameof(SweepResourceTests))]
[CollectionDefinition(nameof(SweepResourceTests), DisableParallelization = true)]
public sealed class SweepResourceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    /// <remarks>
    /// TorchSharp itself leaves a few tensor wrappers behind for every network it constructs (e.g. two per nn.Conv2d, still
    /// reachable after a collection; measured on 0.107): a sweep's count never returns to exactly zero. What must not
    /// happen over a long sweep is a residue that grows with the steps, so the same sweep with 1 and with 4 IMP iterations
    /// (same networks built, four times the trainings and probe batches) must leave the same number of tensors.
    /// </remarks>
    [Fact]
    public async Task The_tensors_a_sweep_leaves_do_not_grow_with_its_steps_and_every_compute_thread_is_gone()
    {
        long shortSweep = await TensorsLeftBy(iterations: 1);
        long longSweep = await TensorsLeftBy(iterations: 4);
        output.WriteLine($"tensors left: {shortSweep} after 1 iteration per repetition, {longSweep} after 4");
        Assert.Equal(shortSweep, longSweep);
    }

    private async Task<long> TensorsLeftBy(int iterations)
    {
        using var temp = new TempDirectory();
        var compute = TinySweeps.Compute();
        var plan = TinySweeps.Plan(temp.Path, repetitions: 2, iterations: iterations);
        long baseline = LiveTensorsAfterCollection();

        var finished = await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new PersistenceConfig(), temp.Path), ["cpu"], SlotsPerDevice: 2, compute))
            .WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, finished.Problems[0].State.CompletedRepetitions);

        // The lanes end once their last cleanups (the sessions' disposal) have run: wait for that, not for a fixed time.
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline && ThreadsNamed(ComputeLane.ThreadNamePrefix).Count > 0) await Task.Delay(50);
        Assert.Empty(ThreadsNamed(ComputeLane.ThreadNamePrefix));
        return LiveTensorsAfterCollection() - baseline;
    }

    /// <summary>Tensors still referenced: wrappers nobody disposed and nobody references are finalized first.</summary>
    private static long LiveTensorsAfterCollection()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return torch.Tensor.TotalCount;
    }

    [Fact]
    public async Task A_slot_computes_on_one_thread_whatever_the_number_of_steps()
    {
        using var temp = new TempDirectory();
        var compute = new ThreadRecordingCompute(TinySweeps.Compute());
        var plan = TinySweeps.Plan(temp.Path, repetitions: 2, iterations: 2);

        await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new PersistenceConfig(), temp.Path), ["cpu"], SlotsPerDevice: 1, compute))
            .WaitAsync(TimeSpan.FromMinutes(5));

        // Dense training, two openings, four trainings and every probe batch: one thread, the slot's lane.
        output.WriteLine($"threads: {string.Join(", ", compute.Threads.Distinct())} over {compute.Threads.Count} calls");
        Assert.True(compute.Threads.Count >= 1 + 2 + 4 + 4 * 3, $"only {compute.Threads.Count} compute calls were seen");
        Assert.Single(compute.Threads.Distinct());
        Assert.StartsWith(ComputeLane.ThreadNamePrefix, compute.Threads[0]);
    }

    /// <summary>Threads of this process whose kernel name (/proc/self/task/*/comm, 15 characters) starts with <paramref name="prefix"/>.</summary>
    private static List<string> ThreadsNamed(string prefix) =>
        Directory.EnumerateDirectories("/proc/self/task")
            .Select(task => TryRead(Path.Combine(task, "comm")))
            .Where(name => name is not null && name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name!)
            .ToList();

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).TrimEnd('\n');
        }
        catch (IOException)
        {
            return null; // the thread ended while we looked
        }
    }
}
