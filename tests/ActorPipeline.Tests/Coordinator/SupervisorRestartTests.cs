using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Coordinator;

/// <summary>
/// The coordinator starts a problem supervisor that dies again (it recovers from its journal and goes on where it
/// stopped), and after three restarts abandons the problem for this run: nothing is recorded as failed, the other
/// problems finish, and the sweep is not completed, so the same command resumes it.
/// </summary>
public sealed class SupervisorRestartTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly FakeCompute _compute = new();

    /// <summary>The coordinator of <paramref name="plan"/> with one local node of two slots, asked to run the sweep (answering the test).</summary>
    private IActorRef Run(SweepPlan plan)
    {
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(plan), "coordinator");
        LocalNodes.Join(Sys, coordinator, _compute, slots: 2, plan.ArtifactFolder);
        coordinator.Tell(new RunSweep(TraceParent: null));
        return coordinator;
    }

    /// <summary>Kills the running incarnation <paramref name="incarnation"/> of cifar2's supervisor (named cifar2-0, cifar2-1, … by restarts) as a bug would.</summary>
    private void KillSupervisor(int incarnation)
    {
        IActorRef supervisor = null!;
        AwaitAssert(() => supervisor = Sys.ActorSelection($"/user/coordinator/cifar2-{incarnation}").ResolveOne(TimeSpan.FromSeconds(1)).Result, Timeout);
        Watch(supervisor);
        supervisor.Tell(Kill.Instance);
        ExpectTerminated(supervisor, Timeout);
    }

    [Fact]
    public void A_supervisor_that_dies_is_started_again_resumes_from_its_journal_and_its_problem_completes()
    {
        var plan = FakePlans.Sweep(repetitions: 1, iterations: 1, problems: ["cifar2", "cifar4"]);
        var iteration = ComputeCall.TrainIteration("cifar2", 0, 1);
        var training = _compute.Hold(iteration);
        Run(plan);
        AwaitCondition(() => _compute.CountOf(iteration) == 1, Timeout); // the dense network is recorded, repetition 0 trains

        KillSupervisor(0);
        AwaitCondition(() => _compute.CountOf(iteration) == 2, Timeout); // its successor offered the repetition again
        training.Set();

        var outcome = ExpectMsg<SweepOutcome>(Timeout);
        Assert.All(outcome.Problems, p => Assert.Null(p.Abandoned));
        var cifar2 = outcome.Problems[0].State;
        Assert.True(cifar2.Repetition(0).Completed);
        Assert.Equal(0, cifar2.Repetition(0).Attempts); // a supervisor's death is not its work's failure
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense("cifar2"))); // resumed after the recorded dense step
    }

    [Fact]
    public async Task A_supervisor_that_dies_a_fourth_time_abandons_its_problem_the_others_complete_and_the_sweep_stays_resumable()
    {
        var plan = FakePlans.Sweep(repetitions: 1, iterations: 1, problems: ["cifar2", "cifar4"]);
        var dense = _compute.Hold(ComputeCall.TrainDense("cifar2")); // cifar2 never finishes by itself
        var completed = CreateTestProbe();
        Sys.EventStream.Subscribe(completed, typeof(SweepCompleted)); // what a node publishes when told the sweep is complete
        var coordinator = Run(plan);

        for (int incarnation = 0; incarnation <= 3; incarnation++) KillSupervisor(incarnation);

        var outcome = ExpectMsg<SweepOutcome>(Timeout);
        Assert.Contains("its supervisor stopped 4 times", outcome.Problems[0].Abandoned);
        Assert.Contains("run the same command again to resume", outcome.Problems[0].Abandoned);
        Assert.Null(outcome.Problems[1].Abandoned);
        Assert.Equal(1, outcome.Problems[1].State.CompletedRepetitions);
        completed.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // nodes are not told the sweep is complete: it is not
        Assert.Null((await Sys.ActorSelection("/user/coordinator/cifar2-4").Ask<ActorIdentity>(new Identify(null), Timeout)).Subject); // not started a fifth time
        var journal = await JournalAccess.Read(Sys, PersistenceIds.Sweep(plan.SweepId));
        Assert.Equal(["cifar4"], journal.OfType<ProblemCompleted>().Select(c => c.Problem)); // the abandoned problem is not recorded as done
        Assert.Empty((await JournalAccess.Read(Sys, PersistenceIds.Problem(plan.SweepId, "cifar2"))).OfType<DenseFailed>());
        dense.Set();
        Sys.Stop(coordinator);
    }
}
