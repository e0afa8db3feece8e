using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// Whole sweeps through the real actors, journal (SQLite) and compute, with failures injected into chosen
/// steps: retried failures leave no trace in the results, permanent ones are recorded and the rest goes on.
/// </summary>
public sealed class SweepSupervisionTests
{
    private static async Task<(IReadOnlyList<ProblemState> States, string Folder)> Run(TempDirectory temp, Func<string, int, int, int, Exception?> fault,
        int maxRetries = 2, int slots = 2, params string[] problems)
    {
        var plan = TinySweeps.Plan(temp.Path, maxRetries: maxRetries, problems: problems);
        var journal = JournalSettings.From(new PersistenceConfig(), temp.Path);
        var compute = new FaultInjectingCompute(TinySweeps.Compute(), fault);
        var finished = await SweepRunner.RunAsync(new SweepRun(plan, journal, ["cpu"], slots, compute)).WaitAsync(TimeSpan.FromMinutes(5));
        return (finished.Problems.Select(p => p.State).ToList(), temp.Path);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_from_the_last_recorded_step_and_changes_nothing()
    {
        using var clean = new TempDirectory();
        using var faulty = new TempDirectory();
        var reference = await Run(clean, (_, _, _, _) => null);
        var retried = await Run(faulty, (_, repetition, iteration, call) =>
            repetition == 1 && iteration == 2 && call == 1 ? new InvalidOperationException("injected transient failure") : null);

        var repetition1 = retried.States[0].Repetition(1);
        Assert.True(repetition1.Completed);
        Assert.Equal(1, repetition1.Attempts);
        Assert.Contains("injected transient failure", repetition1.LastError);
        Assert.Equal(ResultRows.Accuracy(reference.States), ResultRows.Accuracy(retried.States));
        Assert.Equal(ResultRows.Similarity(reference.States), ResultRows.Similarity(retried.States));
        Assert.Equal(2 * (1 + 2), ResultRows.Accuracy(retried.States).Count()); // dense row + 2 iterations per repetition
    }

    [Fact]
    public async Task A_repetition_that_always_fails_is_recorded_as_failed_after_the_retries_and_the_rest_finishes()
    {
        using var temp = new TempDirectory();
        var (states, _) = await Run(temp, (_, repetition, iteration, _) =>
            repetition == 1 && iteration == 1 ? new InvalidOperationException("injected permanent failure") : null, maxRetries: 2);

        var state = states[0];
        Assert.True(state.Repetition(0).Completed);
        Assert.Equal(2, state.Repetition(0).Similarity.Count);
        Assert.Equal(3, state.Repetition(1).Attempts); // first try + 2 retries
        Assert.Contains("injected permanent failure", state.Repetition(1).Failure);
        Assert.Contains(ResultsWriter.Failures(states), line => line.Contains("cifar2 repetition 1: failed after 3 attempts") && line.Contains("injected permanent failure"));
    }

    [Fact]
    public async Task A_dense_training_that_always_fails_ends_its_problem_while_other_problems_finish()
    {
        using var temp = new TempDirectory();
        var (states, _) = await Run(temp, (problem, repetition, _, _) =>
            problem == "cifar4" && repetition == -1 ? new InvalidOperationException("injected dense failure") : null, maxRetries: 1, problems: ["cifar2", "cifar4"]);

        Assert.True(states[0].Repetitions.Values.All(r => r.Completed));
        Assert.Contains("injected dense failure", states[1].DenseFailure);
        Assert.DoesNotContain(states[1].Repetitions, r => r.Key >= 0);
    }

    [Fact]
    public async Task A_device_fault_retires_the_only_device_and_the_run_stops_with_exit_code_6_without_failing_the_other_work()
    {
        using var temp = new TempDirectory();
        var stopped = await Assert.ThrowsAsync<SweepStoppedException>(() => Run(temp, (_, repetition, iteration, _) =>
            iteration == 1 ? new DeviceFaultException("cpu", "injected hardware fault") : null, maxRetries: 1, slots: 1));

        // One slot on the only device: whichever repetition gets it first breaks the device, which leaves the pool; the node,
        // left without a device, leaves the sweep, and a process without a node cannot go on: it says why and stops.
        Assert.Equal(SweepStoppedException.NodeStoppedExitCode, stopped.ExitCode);
        Assert.Contains("every device of this node failed: cpu:", stopped.Message);
        Assert.Contains("injected hardware fault", stopped.Message);
        var plan = TinySweeps.Plan(temp.Path, maxRetries: 1);
        var states = await JournalReader.ReadProblemsAsync(JournalSettings.From(new PersistenceConfig(), temp.Path), plan, CancellationToken.None);
        Assert.All(states[0].Repetitions.Values, r => Assert.Null(r.Failure)); // nothing recorded as failed: a rerun resumes everything
        Assert.All(states[0].Repetitions.Values, r => Assert.Empty(r.Trained));
    }
}
