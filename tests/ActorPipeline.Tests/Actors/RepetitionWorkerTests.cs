using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>One repetition worker under a probe parent (the supervisor's side of the protocol played by the test), against <see cref="FakeCompute"/>.</summary>
public sealed class RepetitionWorkerTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private const string Problem = "cifar2";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly ProblemPlan Plan = FakePlans.Problem(Problem, repetitions: 4, iterations: 2);

    private readonly FakeCompute _compute = new();

    private IActorRef StartWorker(TestProbe parent, IActorRef pool, int repetition, RepetitionStep start) =>
        parent.ChildActorOf(RepetitionWorker.Props(new RepetitionAssignment(Plan, "dense", repetition, start, $"rep-{repetition:D2}", TraceParent: null), pool, _compute));

    private IActorRef OneSlotPool() => Sys.ActorOf(DevicePool.Props(["cpu"], slotsPerDevice: 1));

    private static void AssertMeasuredLikeInProcess(SimilarityReport report)
    {
        Assert.Equal(FakeCompute.Layers.Select(l => l.Name), report.Layers.Select(l => l.Layer));
        var options = Plan.Similarity();
        foreach (var (layer, measured) in FakeCompute.Layers.Zip(report.Layers))
            MeasurementAssert.Identical(FakeActivations.Measure(layer, options, report.Repetition, report.Iteration), measured);
    }

    [Fact]
    public void Trains_and_measures_one_step_at_a_time_going_on_only_when_the_step_is_recorded()
    {
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, OneSlotPool(), repetition: 3, new RepetitionStep(1, MeasureOnly: false));

        Assert.Equal(new IterationTrainedReport(3, FakeCompute.IterationResult(3, 1)), parent.ExpectMsg<IterationTrainedReport>());
        parent.ExpectNoMsg(Quiet);
        Assert.DoesNotContain(_compute.Calls, c => c.Step == ComputeStep.Probe); // nothing measured before the training is recorded

        worker.Tell(new StepRecorded(3, 1), parent);
        var measured1 = parent.ExpectMsg<SimilarityReport>();
        Assert.Equal((3, 1), (measured1.Repetition, measured1.Iteration));
        AssertMeasuredLikeInProcess(measured1);
        worker.Tell(new StepRecorded(3, 2), parent); // not the step it waits for: ignored
        parent.ExpectNoMsg(Quiet);
        Assert.Equal(0, _compute.CountOf(ComputeCall.TrainIteration(Problem, 3, 2)));

        worker.Tell(new StepRecorded(3, 1), parent);
        Assert.Equal(new IterationTrainedReport(3, FakeCompute.IterationResult(3, 2)), parent.ExpectMsg<IterationTrainedReport>());
        worker.Tell(new StepRecorded(3, 2), parent);
        var measured2 = parent.ExpectMsg<SimilarityReport>();
        Assert.Equal((3, 2), (measured2.Repetition, measured2.Iteration));
        AssertMeasuredLikeInProcess(measured2);
        parent.ExpectNoMsg(Quiet);

        worker.Tell(new StepRecorded(3, 2), parent);
        Assert.Equal(new RepetitionDoneReport(3), parent.ExpectMsg<RepetitionDoneReport>());
        Assert.Equal(
        [
            ComputeCall.OpenRepetition(Problem, 3),
            ComputeCall.TrainIteration(Problem, 3, 1),
            ComputeCall.Probe(Problem, 3, 1, 0), ComputeCall.Probe(Problem, 3, 1, 1), ComputeCall.Probe(Problem, 3, 1, 2),
            ComputeCall.TrainIteration(Problem, 3, 2),
            ComputeCall.Probe(Problem, 3, 2, 0), ComputeCall.Probe(Problem, 3, 2, 1), ComputeCall.Probe(Problem, 3, 2, 2),
        ], _compute.Calls);
    }

    [Fact]
    public void Resumed_at_a_trained_but_unmeasured_iteration_it_measures_first_without_training()
    {
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, OneSlotPool(), repetition: 1, new RepetitionStep(2, MeasureOnly: true));

        var measured = parent.ExpectMsg<SimilarityReport>();
        Assert.Equal((1, 2), (measured.Repetition, measured.Iteration));
        AssertMeasuredLikeInProcess(measured);
        worker.Tell(new StepRecorded(1, 2), parent);
        Assert.Equal(new RepetitionDoneReport(1), parent.ExpectMsg<RepetitionDoneReport>());
        Assert.DoesNotContain(_compute.Calls, c => c.Step == ComputeStep.TrainIteration);
    }

    [Fact]
    public void A_failed_training_is_reported_with_its_stage_and_cause_and_the_worker_stops_giving_its_device_back()
    {
        _compute.FailWhen((call, _) => call == ComputeCall.TrainIteration(Problem, 0, 1) ? new InvalidOperationException("injected training failure") : null);
        var ended = CreateTestProbe();
        Sys.EventStream.Subscribe(ended, typeof(WorkEnded));
        var pool = OneSlotPool();
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, pool, repetition: 0, new RepetitionStep(1, MeasureOnly: false));
        Watch(worker);

        Assert.Equal(new RepetitionErrorReport(0, "training IMP iteration 1 failed: InvalidOperationException: injected training failure"),
            parent.ExpectMsg<RepetitionErrorReport>());
        ExpectTerminated(worker);
        Assert.Equal(new WorkEnded(Problem, 0), ended.ExpectMsg<WorkEnded>());
        var next = CreateTestProbe();
        pool.Tell(new LeaseDevice("next"), next);
        Assert.Equal("cpu", next.ExpectMsg<DeviceLeased>().Device);
        AwaitCondition(() => _compute.CountOf(ComputeCall.CloseRepetition(Problem, 0)) == 1, TimeSpan.FromSeconds(15)); // the session is disposed too
    }

    [Fact]
    public void A_layer_whose_measurement_fails_ends_the_attempt_naming_the_layer_and_iteration()
    {
        _compute.NonFiniteActivationsWhen(call => call == ComputeCall.Probe(Problem, 0, 1, 1));
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, OneSlotPool(), repetition: 0, new RepetitionStep(1, MeasureOnly: true));
        Watch(worker);

        var ended = parent.ExpectMsg<RepetitionErrorReport>();
        Assert.Equal(0, ended.Repetition);
        Assert.StartsWith("measuring similarity of IMP iteration 1 failed: InvalidOperationException: similarity of layer", ended.Error);
        Assert.Contains("at IMP iteration 1", ended.Error);
        ExpectTerminated(worker);
        Assert.Equal(0, _compute.CountOf(ComputeCall.Probe(Problem, 0, 1, 2))); // batch 2 never computed
    }

    [Fact]
    public void A_collapsed_layer_is_measured_as_undefined_and_the_repetition_goes_on()
    {
        // conv1 of the pruned network is all zeros in every probe batch of iteration 1: a result, not a failure
        _compute.CollapsedLayerWhen((call, layer) => layer == "conv1" && call.Iteration == 1);
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, OneSlotPool(), repetition: 0, new RepetitionStep(1, MeasureOnly: true));

        var measured = parent.ExpectMsg<SimilarityReport>();
        var conv1 = measured.Layers.Single(l => l.Layer == "conv1");
        Assert.Empty(conv1.Values);
        Assert.Equal(Ml.Similarity.SimilarityMetrics.ResultNamesOf(Plan.Similarity().Metrics), conv1.Undefined.Keys);
        Assert.All(conv1.Undefined.Values, reason => Assert.Equal($"layer B has no varying neuron (all {FakeActivations.Width(FakeCompute.Layers[0])} constant) over the {FakeCompute.ProbeBatches * FakeActivations.Rows} datapoints", reason));
        MeasurementAssert.Identical(FakeActivations.Measure(FakeCompute.Layers[1], Plan.Similarity(), 0, 1), measured.Layers.Single(l => l.Layer == "fc1"));

        worker.Tell(new StepRecorded(0, 1), parent);
        Assert.Equal(new IterationTrainedReport(0, FakeCompute.IterationResult(0, 2)), parent.ExpectMsg<IterationTrainedReport>());
        worker.Tell(new StepRecorded(0, 2), parent);
        Assert.Empty(parent.ExpectMsg<SimilarityReport>().Layers.SelectMany(l => l.Undefined)); // iteration 2 is not collapsed
    }

    [Fact]
    public void While_no_slot_is_free_it_publishes_that_it_waits_for_a_device_and_does_nothing_else()
    {
        var pool = OneSlotPool();
        var holder = CreateTestProbe();
        pool.Tell(new LeaseDevice("holder"), holder);
        var held = holder.ExpectMsg<DeviceLeased>();
        var progress = CreateTestProbe();
        Sys.EventStream.Subscribe(progress, typeof(WorkProgress));
        var parent = CreateTestProbe();
        StartWorker(parent, pool, repetition: 2, new RepetitionStep(1, MeasureOnly: false));

        var waiting = progress.ExpectMsg<WorkProgress>();
        Assert.Equal((Problem, 2, 1, WorkProgress.WaitingForDevice, ""), (waiting.Problem, waiting.Repetition, waiting.Iteration, waiting.Stage, waiting.Device));
        parent.ExpectNoMsg(Quiet);
        Assert.Empty(_compute.Calls);

        pool.Tell(new ReleaseDevice(held.LeaseId));
        Assert.Equal("cpu", progress.FishForMessage<WorkProgress>(p => p.Stage != WorkProgress.WaitingForDevice).Device);
        Assert.Equal(new IterationTrainedReport(2, FakeCompute.IterationResult(2, 1)), parent.ExpectMsg<IterationTrainedReport>());
    }

    [Fact]
    public void Stopped_while_its_repetition_opens_it_still_disposes_the_session_once_opened()
    {
        var opening = _compute.Hold(ComputeCall.OpenRepetition(Problem, 0));
        var parent = CreateTestProbe();
        var worker = StartWorker(parent, OneSlotPool(), repetition: 0, new RepetitionStep(1, MeasureOnly: false));
        AwaitCondition(() => _compute.CountOf(ComputeCall.OpenRepetition(Problem, 0)) == 1, TimeSpan.FromSeconds(15));
        Watch(worker);
        Sys.Stop(worker);
        ExpectTerminated(worker);

        opening.Set();
        AwaitCondition(() => _compute.CountOf(ComputeCall.CloseRepetition(Problem, 0)) == 1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
    }
}
