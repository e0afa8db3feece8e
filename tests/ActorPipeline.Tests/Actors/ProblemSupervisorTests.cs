using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>A problem supervisor with real workers, device pool and in-memory journal, against <see cref="FakeCompute"/>.</summary>
public sealed class ProblemSupervisorTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private const string Problem = "cifar2";
    private static readonly TimeSpan Finishing = TimeSpan.FromSeconds(15);

    /// <summary>How long a condition on the fake compute may take: TestKit's 3 s default, which CI missed once at the
    /// loaded start of a run (a dense training and an iteration's start in 3 s), is no test of speed.</summary>
    private static readonly TimeSpan Reached = TimeSpan.FromSeconds(15);

    private readonly FakeCompute _compute = new();
    private readonly string _sweepId = "fake-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute");

    private string PersistenceId => PersistenceIds.Problem(_sweepId, Problem);

    private IActorRef StartSupervisor(ProblemPlan plan, RetryPolicy? retries = null, string name = "cifar2-0") =>
        Sys.ActorOf(ProblemSupervisor.Props(_sweepId, plan, _artifacts, retries ?? FakePlans.QuickRetries,
            LocalNodes.Dispatcher(Sys, _compute, slots: 2, plan, _artifacts)), name);

    private ProblemOutcome Run(IActorRef supervisor)
    {
        supervisor.Tell(new RunProblem(TraceParent: null));
        return ExpectMsg<ProblemOutcome>(Finishing);
    }

    private DenseTrained DenseEvent() => new(Problem, Path.Combine(Problem, "dense", "final.pt"), Path.Combine(Problem, "dense", "rewind.pt"), 2, 0.9);

    private static IterationTrained Trained(int repetition, int iteration) => StepEvents.Trained(Problem, repetition, FakeCompute.IterationResult(repetition, iteration));

    private static SimilarityMeasured Measured(int repetition, int iteration) =>
        new(Problem, repetition, iteration, FakeCompute.Layers.Select(l => new LayerMetrics(l.Name, l.Index, new Dictionary<string, double> { ["svcca"] = 0.5 })).ToList());

    private static void AssertCompleted(ProblemState state, int repetitions, int iterations)
    {
        for (int repetition = 0; repetition < repetitions; repetition++)
        {
            var recorded = state.Repetition(repetition);
            Assert.True(recorded.Completed, $"repetition {repetition} completed");
            Assert.Equal(Enumerable.Range(1, iterations), recorded.Trained.Keys);
            Assert.Equal(Enumerable.Range(1, iterations), recorded.Similarity.Keys);
            Assert.All(recorded.Similarity.Values, m => Assert.Equal(FakeCompute.Layers.Select(l => l.Name), m.Layers.Select(l => l.Layer)));
        }
    }

    [Fact]
    public async Task Trains_the_dense_network_first_then_runs_each_repetition_and_answers_with_the_recorded_state()
    {
        var plan = FakePlans.Problem(Problem, repetitions: 2, iterations: 2);
        var progress = CreateTestProbe();
        Sys.EventStream.Subscribe(progress, typeof(ProblemProgress));

        var finished = Run(StartSupervisor(plan));

        Assert.Equal(Problem, finished.Problem);
        Assert.Null(finished.Abandoned);
        Assert.Equal(DenseEvent(), finished.State.Dense);
        AssertCompleted(finished.State, repetitions: 2, iterations: 2);
        Assert.Equal(Trained(1, 2), finished.State.Repetition(1).Trained[2]);

        var calls = _compute.Calls;
        Assert.Equal(ComputeCall.TrainDense(Problem), calls[0]);
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense(Problem)));
        foreach (int repetition in new[] { 0, 1 })
        {
            Assert.Equal(1, _compute.CountOf(ComputeCall.OpenRepetition(Problem, repetition)));
            Assert.Equal(1, _compute.CountOf(ComputeCall.TrainIteration(Problem, repetition, 1)));
            Assert.Equal(1, _compute.CountOf(ComputeCall.TrainIteration(Problem, repetition, 2)));
        }

        AwaitCondition(() => _compute.OpenSessions == 0, Reached); // each finished worker disposed its session

        // Every step recorded once, and the journal folds to the state it answered with.
        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Equal(1 + 2 * (2 + 2 + 1), journal.Count);
        Assert.Single(journal.OfType<DenseTrained>());
        Assert.Equal(2, journal.OfType<RepetitionCompleted>().Count());
        Assert.Equal(finished.State.StepsRecorded, ProblemState.Fold(Problem, journal).StepsRecorded);

        // Progress: from nothing to every planned step, never backwards, the last one finished.
        var reports = progress.ReceiveWhile(m => m as ProblemProgress, idle: TimeSpan.FromMilliseconds(300)).OfType<ProblemProgress>().ToList();
        Assert.Equal(0, reports[0].StepsDone);
        Assert.Equal(reports.Select(r => r.StepsDone).Order(), reports.Select(r => r.StepsDone));
        Assert.Equal(new ProblemProgress(Problem, DenseDone: true, plan.StepsPlanned, plan.StepsPlanned, FailedRepetitions: 0, Finished: true), reports[^1]);
    }

    [Fact]
    public async Task Resumes_each_repetition_at_its_first_unrecorded_step()
    {
        var plan = FakePlans.Problem(Problem, repetitions: 3, iterations: 2);
        await JournalAccess.Write(Sys, PersistenceId,
            DenseEvent(),
            Trained(0, 1), Measured(0, 1), Trained(0, 2),                  // 0: iteration 2 trained, not measured
            Trained(1, 1),                                                  // 1: iteration 1 trained, not measured
            Trained(2, 1), Measured(2, 1), Trained(2, 2), Measured(2, 2)); // 2: every step, the completion lost

        var finished = Run(StartSupervisor(plan));

        AssertCompleted(finished.State, repetitions: 3, iterations: 2);
        Assert.Equal(0, _compute.CountOf(ComputeCall.TrainDense(Problem)));
        Assert.DoesNotContain(_compute.Calls, c => c.Repetition == 0 && c.Step == ComputeStep.TrainIteration);
        Assert.Equal(FakeCompute.ProbeBatches, _compute.Calls.Count(c => c is { Repetition: 0, Step: ComputeStep.Probe, Iteration: 2 }));
        Assert.DoesNotContain(_compute.Calls, c => c is { Repetition: 0, Iteration: 1 });
        Assert.Equal([2], _compute.Calls.Where(c => c is { Repetition: 1, Step: ComputeStep.TrainIteration }).Select(c => c.Iteration));
        Assert.Equal(FakeCompute.ProbeBatches * 2, _compute.Calls.Count(c => c is { Repetition: 1, Step: ComputeStep.Probe }));
        Assert.DoesNotContain(_compute.Calls, c => c.Repetition == 2); // completed without a worker
        // Recovered steps are kept as recorded, not measured again.
        Assert.Equal([0.5, 0.5], finished.State.Repetition(0).Similarity[1].Layers.Select(l => l.Values["svcca"]));
    }

    [Fact]
    public async Task A_new_supervisor_of_a_finished_problem_answers_from_its_journal_without_work()
    {
        var plan = FakePlans.Problem(Problem, repetitions: 2, iterations: 1);
        var first = StartSupervisor(plan);
        var finished = Run(first);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitCondition(() => _compute.OpenSessions == 0, Reached); // every worker disposed its session
        int calls = _compute.Calls.Count;
        int events = (await JournalAccess.Read(Sys, PersistenceId)).Count;

        var again = Run(StartSupervisor(plan, name: "cifar2-1"));

        Assert.Equal(finished.State.StepsRecorded, again.State.StepsRecorded);
        AssertCompleted(again.State, repetitions: 2, iterations: 1);
        Assert.Equal(calls, _compute.Calls.Count);
        Assert.Equal(events, (await JournalAccess.Read(Sys, PersistenceId)).Count);
    }

    [Fact]
    public async Task A_repeated_step_report_is_recorded_once_and_answered_every_time()
    {
        var plan = FakePlans.Problem(Problem, repetitions: 1, iterations: 1);
        var training = _compute.Hold(ComputeCall.TrainIteration(Problem, 0, 1));
        var dispatch = CreateTestProbe();
        Sys.EventStream.Subscribe(dispatch, typeof(DispatchStatus));
        var supervisor = StartSupervisor(plan);
        supervisor.Tell(new RunProblem(TraceParent: null));
        AwaitCondition(() => _compute.CountOf(ComputeCall.TrainIteration(Problem, 0, 1)) == 1, Reached);
        var assignment = dispatch.FishForMessage<DispatchStatus>(s => s.Nodes.Any(n => n.Running.Any(r => r.Repetition == 0)))
            .Nodes.SelectMany(n => n.Running).Single(r => r.Repetition == 0).AssignmentId;

        // The assignment's report, twice, while its worker is still training: recorded once, answered twice.
        var runner = CreateTestProbe();
        var report = WorkReportWire.ToWire(assignment, new IterationTrainedReport(0, FakeCompute.IterationResult(0, 1)), _artifacts);
        supervisor.Tell(report, runner);
        supervisor.Tell(report, runner);
        Assert.Equal(new StepRecorded(0, 1), runner.ExpectMsg<StepRecorded>());
        Assert.Equal(new StepRecorded(0, 1), runner.ExpectMsg<StepRecorded>());

        training.Set(); // the worker's own report of the same step comes third
        var finished = ExpectMsg<ProblemOutcome>(Finishing);
        AssertCompleted(finished.State, repetitions: 1, iterations: 1);
        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Equal([Trained(0, 1)], journal.OfType<IterationTrained>());
    }

    [Fact]
    public void A_report_of_an_assignment_that_is_not_live_is_ignored()
    {
        var plan = FakePlans.Problem(Problem, repetitions: 1, iterations: 1);
        var training = _compute.Hold(ComputeCall.TrainIteration(Problem, 0, 1));
        var supervisor = StartSupervisor(plan);
        supervisor.Tell(new RunProblem(TraceParent: null));
        AwaitCondition(() => _compute.CountOf(ComputeCall.TrainIteration(Problem, 0, 1)) == 1, Reached);

        supervisor.Tell(WorkReportWire.ToWire("not-an-assignment", new IterationTrainedReport(0, FakeCompute.IterationResult(0, 1)), _artifacts), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // no StepRecorded for a stranger
        training.Set();
        ExpectMsg<ProblemOutcome>(Finishing);
    }

    [Fact]
    public async Task A_dense_training_that_fails_every_attempt_ends_the_problem_without_repetitions()
    {
        _compute.FailWhen((call, _) => call.Step == ComputeStep.TrainDense ? new InvalidOperationException("injected dense failure") : null);
        var plan = FakePlans.Problem(Problem, repetitions: 2, iterations: 1);

        var finished = Run(StartSupervisor(plan, FakePlans.QuickRetries with { MaxRetries = 1 }));

        Assert.Equal("dense training failed: InvalidOperationException: injected dense failure", finished.State.DenseFailure);
        Assert.Equal(2, finished.State.DenseAttempts);
        Assert.Empty(finished.State.Repetitions);
        Assert.Equal(2, _compute.CountOf(ComputeCall.TrainDense(Problem)));
        Assert.DoesNotContain(_compute.Calls, c => c.Step == ComputeStep.OpenRepetition);
        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Equal([1, 2], journal.OfType<DenseAttemptFailed>().Select(a => a.Attempt));
        Assert.Equal(2, Assert.Single(journal.OfType<DenseFailed>()).Attempts);
    }
}
