using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Ml.Training;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>An artifact the storage refuses is a storage fault: reported with its path, the work starts again, and no attempt of the work is counted.</summary>
public sealed class StorageFaultTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private const string Problem = "cifar2";
    private readonly FakeCompute _compute = new();
    private readonly string _sweepId = "storage-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_full_disk_while_saving_an_iteration_is_reported_with_its_path_and_retried_without_a_failed_attempt()
    {
        _compute.FailWhen((call, made) => call == ComputeCall.TrainIteration(Problem, 0, 1) && made == 1
            ? new StorageFaultException("/sweeps/a/artifacts/cifar2/rep-00/iteration-01/final.pt", new IOException("No space left on device"))
            : null);
        var faults = CreateTestProbe();
        Sys.EventStream.Subscribe(faults, typeof(StorageFaultReported));
        var plan = FakePlans.Problem(Problem, repetitions: 1, iterations: 1);
        var supervisor = Sys.ActorOf(ProblemSupervisor.Props(_sweepId, plan, "artifacts", FakePlans.QuickRetries, LocalNodes.Dispatcher(Sys, _compute, slots: 1, plan)));

        supervisor.Tell(new RunProblem(TraceParent: null));

        var fault = faults.ExpectMsg<StorageFaultReported>(TimeSpan.FromSeconds(10));
        Assert.Equal("/sweeps/a/artifacts/cifar2/rep-00/iteration-01/final.pt", fault.Path);
        Assert.Contains("No space left on device", fault.Error);
        var finished = ExpectMsg<ProblemOutcome>(TimeSpan.FromSeconds(15));
        Assert.True(finished.State.Repetition(0).Completed);
        Assert.Equal(0, finished.State.Repetition(0).Attempts);
        Assert.Equal(2, _compute.CountOf(ComputeCall.TrainIteration(Problem, 0, 1)));
        var journal = await JournalAccess.Read(Sys, PersistenceIds.Problem(_sweepId, Problem));
        Assert.Empty(journal.OfType<RepetitionAttemptFailed>());
    }
}
