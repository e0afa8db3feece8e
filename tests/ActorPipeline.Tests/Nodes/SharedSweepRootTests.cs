using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Nodes;

/// <summary>
/// A worker node sees the shared sweep folder at another path than the coordinator (another mount point; here a
/// symbolic link): paths travel relative to the sweep root, so with the real compute its artifacts land in the
/// coordinator's folder, the journal records no path of the worker's, and the results are those of a node that shares
/// the coordinator's path.
/// </summary>
public sealed class SharedSweepRootTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private async Task<SweepOutcome> RunAsync(SweepPlan plan, string nodeRoot, string name)
    {
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(plan), $"coordinator-{name}");
        Sys.ActorOf(NodeAgent.Props(new NodeDescription(name, ["cpu"], SlotsPerDevice: 1), nodeRoot, coordinator, TinySweeps.Compute()), $"node-{name}");
        return await coordinator.Ask<SweepOutcome>(new RunSweep(TraceParent: null), Patience);
    }

    [Fact]
    public async Task A_worker_whose_sweep_root_is_another_path_to_the_same_folder_writes_there_and_gets_the_same_results()
    {
        using var temp = new TempDirectory();
        var coordinatorRoot = Directory.CreateDirectory(temp.File("coordinator-mount")).FullName;
        var workerRoot = temp.File("worker-mount");
        Directory.CreateSymbolicLink(workerRoot, coordinatorRoot);
        var plan = TinySweeps.Plan(coordinatorRoot, repetitions: 1, iterations: 1);
        var reference = TinySweeps.Plan(temp.File("reference"), repetitions: 1, iterations: 1);

        var elsewhere = await RunAsync(plan, workerRoot, "worker");
        var same = await RunAsync(reference, SweepPaths.Root(reference.ArtifactFolder), "local");

        var states = elsewhere.Problems.Select(p => p.State).ToList();
        Assert.Equal(1, states[0].CompletedRepetitions);
        Assert.Equal(ResultRows.Accuracy(same.Problems.Select(p => p.State)), ResultRows.Accuracy(states));
        Assert.Equal(ResultRows.Similarity(same.Problems.Select(p => p.State)), ResultRows.Similarity(states));
        // The dense network is recorded relative to the artifact folder, and is where the coordinator looks for it.
        var dense = Assert.Single((await JournalAccess.Read(Sys, PersistenceIds.Problem(plan.SweepId, "cifar2"))).OfType<DenseTrained>());
        Assert.Equal(("cifar2/dense/" + Path.GetFileName(dense.FinalWeights), "cifar2/dense/" + Path.GetFileName(dense.RewindWeights)), (dense.FinalWeights, dense.RewindWeights));
        Assert.True(File.Exists(Path.Combine(plan.ArtifactFolder, dense.FinalWeights)), $"{dense.FinalWeights} is not in {plan.ArtifactFolder}");
        Assert.True(File.Exists(Path.Combine(plan.ArtifactFolder, dense.RewindWeights)));
        Assert.NotEmpty(Directory.EnumerateFiles(SweepPlan.RepetitionFolder(plan.ArtifactFolder, "cifar2", 0), "*", SearchOption.AllDirectories));
        Assert.Equal(["coordinator-mount", "reference", "worker-mount"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order()); // nothing written beside
    }
}
