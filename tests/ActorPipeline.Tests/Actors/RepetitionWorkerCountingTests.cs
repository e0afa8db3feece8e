using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// The worker counts its similarity actors' replies instead of asking them: a measurement with no layer to count ends at
/// once, and a layer actor that stops fails the attempt at once instead of leaving the worker waiting for its reply.
/// </summary>
public sealed class RepetitionWorkerCountingTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly ProblemPlan Plan = FakePlans.Problem("cifar2", repetitions: 1, iterations: 2);

    private IActorRef StartWorker(TestProbe parent, IExperimentCompute compute, RepetitionStep start) =>
        parent.ChildActorOf(RepetitionWorker.Props(new RepetitionAssignment(Plan, "dense", 0, start, "rep-00", TraceParent: null),
            Sys.ActorOf(DevicePool.Props(["cpu"], slotsPerDevice: 1)), compute));

    [Fact]
    public void A_network_without_probed_layers_is_measured_at_once_and_the_repetition_goes_on()
    {
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, new NoLayersCompute(new FakeCompute()), new RepetitionStep(1, MeasureOnly: true));

        var measured = parent.ExpectMsg<SimilarityReport>(TimeSpan.FromSeconds(10));
        Assert.Equal((0, 1), (measured.Repetition, measured.Iteration));
        Assert.Empty(measured.Layers);
        worker.Tell(new StepRecorded(0, 1), parent);
        Assert.Equal(2, parent.ExpectMsg<IterationTrainedReport>(TimeSpan.FromSeconds(10)).Outcome.Iteration);
        worker.Tell(new StepRecorded(0, 2), parent);
        Assert.Empty(parent.ExpectMsg<SimilarityReport>(TimeSpan.FromSeconds(10)).Layers);
        worker.Tell(new StepRecorded(0, 2), parent);
        Assert.Equal(new RepetitionDoneReport(0), parent.ExpectMsg<RepetitionDoneReport>(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_similarity_actor_that_stops_mid_measurement_fails_the_attempt_at_once()
    {
        var compute = new FakeCompute();
        var probing = compute.Hold(ComputeCall.Probe("cifar2", 0, 1, 1));
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, compute, new RepetitionStep(1, MeasureOnly: true));
        AwaitCondition(() => compute.CountOf(ComputeCall.Probe("cifar2", 0, 1, 1)) == 1, TimeSpan.FromSeconds(10));

        Sys.ActorSelection(worker.Path / "similarity-fc1").Tell(PoisonPill.Instance);

        var failed = parent.ExpectMsg<RepetitionErrorReport>(TimeSpan.FromSeconds(10));
        Assert.Equal("measuring similarity of IMP iteration 1 failed: InvalidOperationException: the similarity actor similarity-fc1 stopped", failed.Error);
        probing.Set();
    }

    [Fact]
    public void A_late_or_stray_reply_is_ignored_and_the_next_batch_waits_for_every_layer()
    {
        var compute = new FakeCompute();
        var probing = compute.Hold(ComputeCall.Probe("cifar2", 0, 1, 1));
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, compute, new RepetitionStep(1, MeasureOnly: true));
        AwaitCondition(() => compute.CountOf(ComputeCall.Probe("cifar2", 0, 1, 1)) == 1, TimeSpan.FromSeconds(10));

        // While it waits for batch 1: replies of a batch or an iteration it does not wait for, and a record it did not ask for.
        worker.Tell(new LayerBatchAccumulated("conv1", 1, 7, 16));
        worker.Tell(new LayerBatchAccumulated("conv1", 9, 1, 16));
        worker.Tell(new StepRecorded(0, 1));
        probing.Set();

        var measured = parent.ExpectMsg<SimilarityReport>(TimeSpan.FromSeconds(10));
        Assert.Equal(FakeCompute.Layers.Select(l => l.Name), measured.Layers.Select(l => l.Layer));
        Assert.Equal(FakeCompute.ProbeBatches, compute.Calls.Count(c => c.Step == ComputeStep.Probe));
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // the stray record did not count for this measurement's
        Assert.DoesNotContain(compute.Calls, c => c.Step == ComputeStep.TrainIteration);
    }

    /// <summary>A compute whose sessions probe no layer (as the coordinator bench's default).</summary>
    private sealed class NoLayersCompute(FakeCompute inner) : IExperimentCompute
    {
        public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation) =>
            inner.TrainDense(plan, folder, device, progress, cancellation);

        public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device) =>
            new Session(inner.OpenRepetition(plan, denseFolder, repetition, folder, device));

        private sealed class Session(IRepetitionSession inner) : IRepetitionSession
        {
            public IReadOnlyList<ProbeLayer> Layers => [];
            public int ProbeBatches => inner.ProbeBatches;
            public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation) => inner.TrainIteration(iteration, progress, cancellation);
            public IReadOnlyList<LayerActivations> Probe(int iteration, int index) => [];
            public void Dispose() => inner.Dispose();
        }
    }
}
