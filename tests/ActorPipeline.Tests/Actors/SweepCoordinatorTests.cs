using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Sweeps;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// The sweep coordinator with real supervisors, workers and device pool against <see cref="FakeCompute"/>, on the
/// in-memory journal whose writes can be made to fail (<see cref="FailingJournal"/>) to make a supervisor die.
/// </summary>
public sealed class SweepCoordinatorTests(ITestOutputHelper output) : TestKit(ActorTestConfig.WithFailingJournal, output: output)
{
    private static readonly TimeSpan Finishing = TimeSpan.FromSeconds(20);

    private readonly FakeCompute _compute = new();

    private IActorRef StartCoordinator(SweepPlan plan, string name = "sweep")
    {
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(plan), name);
        LocalNodes.Join(Sys, coordinator, _compute, slots: 2, plan.ArtifactFolder);
        return coordinator;
    }

    private SweepOutcome Run(IActorRef coordinator)
    {
        coordinator.Tell(new RunSweep(TraceParent: null));
        return ExpectMsg<SweepOutcome>(Finishing);
    }

    private void AssertChild(IActorRef parent, string name) =>
        Assert.NotNull(Sys.ActorSelection(parent.Path / name).ResolveOne(TimeSpan.FromSeconds(3)).Result);

    private static void AssertAllCompleted(ProblemOutcome problem, int repetitions)
    {
        Assert.Null(problem.Abandoned);
        Assert.NotNull(problem.State.Dense);
        Assert.Equal(repetitions, problem.State.CompletedRepetitions);
    }

    [Fact]
    public async Task Runs_a_supervisor_per_problem_answers_in_plan_order_and_records_each_problem_once()
    {
        var plan = FakePlans.Sweep(repetitions: 2, iterations: 1, problems: ["cifar4", "cifar2"]);
        var coordinator = StartCoordinator(plan);

        var finished = Run(coordinator);

        Assert.Equal(plan.SweepId, finished.SweepId);
        Assert.Equal(["cifar4", "cifar2"], finished.Problems.Select(p => p.Problem));
        Assert.All(finished.Problems, p => AssertAllCompleted(p, repetitions: 2));
        AssertChild(coordinator, "cifar4-0");
        AssertChild(coordinator, "cifar2-0");
        foreach (var problem in new[] { "cifar2", "cifar4" })
        {
            Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense(problem)));
            Assert.Equal(2, _compute.Calls.Count(c => c.Problem == problem && c.Step == ComputeStep.OpenRepetition));
        }
        var journal = await JournalAccess.Read(Sys, PersistenceIds.Sweep(plan.SweepId));
        Assert.Equal(new SweepStarted(plan.SweepId, ["cifar4", "cifar2"]).Problems, Assert.IsType<SweepStarted>(journal[0]).Problems);
        Assert.Equal(
            [new ProblemCompleted("cifar2", 2, 0, null), new ProblemCompleted("cifar4", 2, 0, null)],
            journal.OfType<ProblemCompleted>().OrderBy(p => p.Problem));

        // Asked again: the answer comes at once, nothing runs and nothing more is recorded.
        AwaitCondition(() => _compute.OpenSessions == 0, TimeSpan.FromSeconds(15)); // every worker disposed its session
        int calls = _compute.Calls.Count;
        var again = Run(coordinator);
        Assert.Equal(["cifar4", "cifar2"], again.Problems.Select(p => p.Problem));
        Assert.Equal(calls, _compute.Calls.Count);
        Assert.Equal(journal.Count, (await JournalAccess.Read(Sys, PersistenceIds.Sweep(plan.SweepId))).Count);
    }

    [Fact]
    public async Task A_new_coordinator_of_a_finished_sweep_answers_from_the_journals_without_work_or_new_records()
    {
        var plan = FakePlans.Sweep(repetitions: 1, iterations: 1, problems: ["cifar2", "cifar4"]);
        var first = StartCoordinator(plan);
        Run(first);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitCondition(() => _compute.OpenSessions == 0, TimeSpan.FromSeconds(15));
        int calls = _compute.Calls.Count;
        int events = (await JournalAccess.Read(Sys, PersistenceIds.Sweep(plan.SweepId))).Count;

        var finished = Run(StartCoordinator(plan, "sweep-again"));

        Assert.Equal(["cifar2", "cifar4"], finished.Problems.Select(p => p.Problem));
        Assert.All(finished.Problems, p => AssertAllCompleted(p, repetitions: 1));
        Assert.Equal(calls, _compute.Calls.Count);
        Assert.Equal(events, (await JournalAccess.Read(Sys, PersistenceIds.Sweep(plan.SweepId))).Count);
    }

    [Fact]
    public async Task A_journal_write_that_fails_pauses_its_problem_until_the_journal_is_back_and_nothing_runs_twice()
    {
        var plan = FakePlans.Sweep(repetitions: 1, iterations: 1, problems: ["cifar2", "cifar4"]);
        // Recording cifar2's dense network fails once, as when the database drops the connection: its journal restarts
        // after the backoff (1 s) and the dense step is recorded then; the supervisor and its work never stop.
        FailingJournal.FailWrites(PersistenceIds.Problem(plan.SweepId, "cifar2"), e => e is DenseTrained);
        var coordinator = StartCoordinator(plan);

        var finished = Run(coordinator);

        Assert.All(finished.Problems, p => AssertAllCompleted(p, repetitions: 1));
        AssertChild(coordinator, "cifar2-0"); // the first and only incarnation
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense("cifar2")));
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense("cifar4")));
        var journal = await JournalAccess.Read(Sys, PersistenceIds.Problem(plan.SweepId, "cifar2"));
        Assert.Single(journal.OfType<DenseTrained>());
        Assert.Empty(journal.OfType<DenseAttemptFailed>());
    }
}
