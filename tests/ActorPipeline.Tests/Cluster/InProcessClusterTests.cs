using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Cluster;

/// <summary>
/// The cluster protocol across two actor systems in this process, with no database: a coordinator node (the sweep
/// coordinator as the cluster singleton, on the in-memory journal) and a worker run by the worker host's own loop
/// (<see cref="WorkerRunner"/>: cluster join, singleton proxy, node agent, worker watch and console). Every message
/// between them crosses remoting on 127.0.0.1, serialized as in production. Runs wherever the tests run.
/// </summary>
public sealed class InProcessClusterTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _root = new();
    private readonly CancellationTokenSource _cancellation = new(TimeSpan.FromMinutes(2));
    private readonly AwaitableConsole _console = new();

    private WorkerSettings Worker(ClusterEndpoint coordinator, int slots = 2) =>
        new(Join: coordinator, Listen: new ClusterEndpoint("127.0.0.1", 0), PublicHost: null, Devices: ["cpu"], SlotsPerDevice: slots, SweepRoot: _root.Path);

    public void Dispose()
    {
        log.WriteLine("--- worker console ---\n" + _console);
        _cancellation.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task A_worker_joins_registers_pulls_every_piece_of_work_and_reports_until_the_sweep_completes_then_exits_0()
    {
        var plan = FakePlans.Sweep(repetitions: 2, iterations: 2, problems: ["cifar2", "cifar4"]) with { DataChecksum = "md5-of-the-data" };
        await using var coordinator = await InProcessCoordinator.StartAsync(plan, _cancellation.Token);
        var outcome = coordinator.Singleton.Ask<SweepOutcome>(new RunSweep(TraceParent: null), Patience);
        var compute = new FakeCompute();
        var admitted = new List<NodeRegistered>();

        int exitCode = await WorkerRunner.RunAsync(Worker(coordinator.Endpoint), compute, sweep => { lock (admitted) admitted.Add(sweep); return null; }, _console, telemetry: null, _cancellation.Token)
            .WaitAsync(Patience);

        Assert.Equal(0, exitCode); // told that the sweep is complete
        var finished = await outcome;
        Assert.Equal(plan.SweepId, finished.SweepId);
        var registered = Assert.Single(admitted); // the sweep's identity and its plans crossed the wire
        Assert.Equal((plan.SweepId, "md5-of-the-data"), (registered.SweepId, registered.DataChecksum));
        Assert.Equal(plan.Problems.Select(ProblemPlanWire.ToWire), registered.Plans);
        foreach (var problem in finished.Problems)
        {
            Assert.Null(problem.Abandoned);
            Assert.Equal(2, problem.State.CompletedRepetitions);
            Assert.Equal(FakeCompute.DenseResult("").TestAccuracy, problem.State.Dense!.TestAccuracy);
            foreach (var (repetition, state) in problem.State.Repetitions)
            {
                Assert.Equal(0, state.Attempts);
                Assert.Equal([1, 2], state.Trained.Keys);
                Assert.All(state.Trained.Values, t => Assert.Equal(FakeCompute.IterationResult(repetition, t.Iteration).TestAccuracy, t.TestAccuracy));
                Assert.All(state.Similarity.Values, m => Assert.Equal(FakeCompute.Layers.Select(l => l.Name), m.Layers.Select(l => l.Layer)));
            }
        }
        // Recorded by the coordinator's journal, once each: the worker computed, the coordinator persisted.
        var journal = await JournalAccess.Read(coordinator.System, PersistenceIds.Problem(plan.SweepId, "cifar2"));
        Assert.Single(journal.OfType<DenseTrained>());
        Assert.Equal(2 * 2, journal.OfType<IterationTrained>().Count());
        Assert.Equal(2 * 2, journal.OfType<SimilarityMeasured>().Count());
        var trainings = compute.Calls.Where(c => c.Step is ComputeStep.TrainDense or ComputeStep.TrainIteration).ToList();
        Assert.Equal(2 * (1 + 2 * 2), trainings.Count); // per problem: the dense network, 2 iterations of 2 repetitions
        Assert.Equal(trainings.Count, trainings.Distinct().Count()); // none trained twice
        string console = _console.ToString();
        Assert.Contains($"joined sweep {plan.SweepId}; pulling work", console);
        Assert.Contains($"sweep {plan.SweepId} is complete", console);
    }

    [Fact]
    public async Task A_worker_whose_coordinator_leaves_the_cluster_says_so_and_waits_to_join_again()
    {
        var plan = FakePlans.Sweep(repetitions: 1, iterations: 1);
        var compute = new FakeCompute();
        var training = compute.Hold(ComputeCall.TrainIteration("cifar2", 0, 1));
        var coordinator = await InProcessCoordinator.StartAsync(plan, _cancellation.Token);
        _ = coordinator.Singleton.Ask<SweepOutcome>(new RunSweep(TraceParent: null), Patience);
        var worker = WorkerRunner.RunAsync(Worker(coordinator.Endpoint), compute, _ => null, _console, telemetry: null, _cancellation.Token);
        await _console.LineContaining("cifar2 repetition 0 it 1: opening the repetition", Patience); // mid-sweep: the dense step is recorded

        await Akka.Actor.CoordinatedShutdown.Get(coordinator.System).Run(Akka.Actor.CoordinatedShutdown.ClusterLeavingReason.Instance); // leaves the cluster

        await _console.LineContaining($"joining {coordinator.Endpoint} again in", Patience);
        Assert.Contains($"the coordinator {coordinator.Endpoint} left the cluster", _console.ToString());
        await coordinator.DisposeAsync();
        await _cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.WaitAsync(Patience));
        training.Set();
    }
}
