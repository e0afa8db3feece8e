using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>
/// A problem supervisor against a probe dispatcher: a revoked assignment is offered again under a new id, and whatever
/// its old node still reports is dropped, so a step is recorded once, by the live assignment.
/// </summary>
public sealed class RevokedReportTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private const string Problem = "cifar2";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly string _sweepId = "fake-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", "artifacts");

    private string PersistenceId => PersistenceIds.Problem(_sweepId, Problem);

    /// <summary>A supervisor of one repetition of one iteration whose dense network is recorded: its first offer is repetition 0.</summary>
    private async Task<(IActorRef Supervisor, TestProbe Dispatcher, WorkOrder Offer)> StartWithOffer()
    {
        await JournalAccess.Write(Sys, PersistenceId, new DenseTrained(Problem, "cifar2/dense/final.pt", "cifar2/dense/rewind.pt", 2, 0.9));
        var dispatcher = CreateTestProbe();
        var supervisor = Sys.ActorOf(ProblemSupervisor.Props(_sweepId, FakePlans.Problem(Problem, repetitions: 1, iterations: 1), _artifacts,
            FakePlans.QuickRetries, dispatcher.Ref));
        supervisor.Tell(new RunProblem(TraceParent: null));
        var offer = dispatcher.ExpectMsg<OfferWork>(Timeout).Order;
        Assert.Equal((0, new RepetitionStep(1, MeasureOnly: false), supervisor), (offer.Repetition, offer.Start, offer.ReportTo));
        return (supervisor, dispatcher, offer);
    }

    private AssignmentReport TrainedReport(string assignmentId) =>
        WorkReportWire.ToWire(assignmentId, new IterationTrainedReport(0, FakeCompute.IterationResult(0, 1)), SweepPaths.Root(_artifacts));

    [Fact]
    public async Task A_revoked_assignment_is_offered_again_under_a_new_id_and_only_the_new_ids_report_is_recorded()
    {
        var (supervisor, dispatcher, revoked) = await StartWithOffer();
        supervisor.Tell(new WorkAssigned(revoked.AssignmentId, "node-a"));

        supervisor.Tell(new AssignmentRevoked(revoked.AssignmentId, "node node-a was lost"));

        var again = dispatcher.ExpectMsg<OfferWork>(Timeout).Order;
        Assert.NotEqual(revoked.AssignmentId, again.AssignmentId);
        Assert.Equal((0, new RepetitionStep(1, MeasureOnly: false)), (again.Repetition, again.Start));

        // The lost node's runner still reports its step: dropped, not answered, not recorded.
        var oldRunner = CreateTestProbe();
        supervisor.Tell(TrainedReport(revoked.AssignmentId), oldRunner.Ref);
        oldRunner.ExpectNoMsg(Quiet);
        Assert.Empty((await JournalAccess.Read(Sys, PersistenceId)).OfType<IterationTrained>());

        // The live assignment's report of the same step: recorded once and answered.
        var newRunner = CreateTestProbe();
        supervisor.Tell(TrainedReport(again.AssignmentId), newRunner.Ref);
        Assert.Equal(new StepRecorded(0, 1), newRunner.ExpectMsg<StepRecorded>(Timeout));

        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Equal([StepEvents.Trained(Problem, 0, FakeCompute.IterationResult(0, 1))], journal.OfType<IterationTrained>());
        Assert.Empty(journal.OfType<RepetitionAttemptFailed>());
        dispatcher.ExpectNoMsg(Quiet); // one offer again, not more
    }

    [Fact]
    public async Task An_old_assignments_failure_after_its_revocation_counts_no_attempt_and_starts_nothing()
    {
        var (supervisor, dispatcher, revoked) = await StartWithOffer();
        supervisor.Tell(new AssignmentRevoked(revoked.AssignmentId, "node node-a was lost"));
        var again = dispatcher.ExpectMsg<OfferWork>(Timeout).Order;

        var oldRunner = CreateTestProbe();
        supervisor.Tell(new AssignmentReport.WorkerCrash(revoked.AssignmentId, "the worker stopped unexpectedly"), oldRunner.Ref);
        supervisor.Tell(new AssignmentReport.RepetitionError(revoked.AssignmentId, 0, "training failed", Deterministic: false), oldRunner.Ref);
        // A second revocation of the same old id (e.g. a duplicate) is ignored too.
        supervisor.Tell(new AssignmentRevoked(revoked.AssignmentId, "node node-a was lost"));

        dispatcher.ExpectNoMsg(Quiet);
        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Empty(journal.OfType<RepetitionAttemptFailed>());
        Assert.Single(journal); // the dense training written by the test, nothing else

        // The live one is untouched: its step is still recorded.
        var newRunner = CreateTestProbe();
        supervisor.Tell(TrainedReport(again.AssignmentId), newRunner.Ref);
        Assert.Equal(new StepRecorded(0, 1), newRunner.ExpectMsg<StepRecorded>(Timeout));
    }
}
