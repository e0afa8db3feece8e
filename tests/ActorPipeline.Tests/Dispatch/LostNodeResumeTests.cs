using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>
/// A problem supervisor, a dispatcher and real node agents on <see cref="FakeCompute"/>: a node lost in the middle of a
/// repetition costs no attempt, and the repetition resumes on another node from its last recorded step.
/// </summary>
public sealed class LostNodeResumeTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private const string Problem = "cifar2";
    private static readonly TimeSpan Finishing = TimeSpan.FromSeconds(15);

    private readonly string _sweepId = "fake-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "actorpipeline-fake-compute", "artifacts");

    [Fact]
    public async Task A_repetition_whose_node_is_lost_resumes_on_another_node_without_a_failed_attempt_or_a_step_recorded_twice()
    {
        var plan = FakePlans.Problem(Problem, repetitions: 1, iterations: 2);
        var dispatcher = Sys.ActorOf(WorkDispatcher.Props(_sweepId, dataChecksum: "", [plan]));
        // Node A trains the dense network and iteration 1, then hangs in iteration 2 until it is lost.
        var computeA = new FakeCompute();
        var hung = computeA.Hold(ComputeCall.TrainIteration(Problem, 0, 2));
        var nodeA = LocalNodes.Join(Sys, dispatcher, computeA, slots: 1, _artifacts, name: "node-a");
        var supervisor = Sys.ActorOf(ProblemSupervisor.Props(_sweepId, plan, _artifacts, FakePlans.QuickRetries, dispatcher), "cifar2-0");
        var dispatchStatus = CreateTestProbe();
        Sys.EventStream.Subscribe(dispatchStatus, typeof(DispatchStatus));

        supervisor.Tell(new RunProblem(TraceParent: null));
        AwaitCondition(() => computeA.CountOf(ComputeCall.TrainIteration(Problem, 0, 2)) == 1, Finishing);
        Sys.Stop(nodeA);
        // The revoked repetition is back in the queue, offered again by its supervisor, before the second node exists.
        dispatchStatus.FishForMessage<DispatchStatus>(s => s.Lost.Count == 1 && s.Queued == 1, Finishing);

        var computeB = new FakeCompute();
        LocalNodes.Join(Sys, dispatcher, computeB, slots: 1, _artifacts, name: "node-b");
        var finished = ExpectMsg<ProblemOutcome>(Finishing);
        hung.Set();

        var repetition = finished.State.Repetition(0);
        Assert.True(repetition.Completed);
        Assert.Equal(0, repetition.Attempts);
        Assert.Equal([1, 2], repetition.Trained.Keys.Order());
        Assert.Equal([1, 2], repetition.Similarity.Keys.Order());
        // Node B started where the journal stopped: iteration 2, neither the dense training nor iteration 1 again.
        Assert.Equal(
            [ComputeCall.OpenRepetition(Problem, 0), ComputeCall.TrainIteration(Problem, 0, 2)],
            computeB.Calls.Where(c => c.Step is ComputeStep.TrainDense or ComputeStep.OpenRepetition or ComputeStep.TrainIteration));
        Assert.Equal(1, computeA.CountOf(ComputeCall.TrainDense(Problem)));

        var journal = await JournalAccess.Read(Sys, PersistenceIds.Problem(_sweepId, Problem));
        Assert.Empty(journal.OfType<RepetitionAttemptFailed>());
        Assert.Empty(journal.OfType<DenseAttemptFailed>());
        Assert.Single(journal.OfType<DenseTrained>());
        Assert.Equal([1, 2], journal.OfType<IterationTrained>().Select(t => t.Iteration));
        Assert.Equal([1, 2], journal.OfType<SimilarityMeasured>().Select(m => m.Iteration));
        Assert.Single(journal.OfType<RepetitionCompleted>());
        Assert.Equal(1 + 2 + 2 + 1, journal.Count);
    }
}
