using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Similarity;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// Activation tensors are disposed on every path, also when their similarity actor is gone: a batch sent to a stopped
/// actor, or still in its mailbox when it stopped, is a dead letter and <see cref="UndeliveredBatches"/> disposes it; a batch
/// a stopped worker's lane computed is disposed by the lane. Checked per tensor (disposed handles), not by the process's
/// tensor count, which the tests running beside this one change.
/// </summary>
public sealed class UndeliveredBatchTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly ProbeLayer Layer = FakeCompute.Layers[0];

    private static bool Disposed(LayerActivations activations) => activations.Dense.IsInvalid && activations.Pruned.IsInvalid;

    private static AccumulateLayerBatch Batch(int batch) => new(1, batch, FakeActivations.Of(Layer, 0, 1, batch), TraceParent: null);

    private IActorRef StoppedLayerActor()
    {
        var actor = Sys.ActorOf(SimilarityActor.Props(Layer, FakePlans.Problem().Similarity()));
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        return actor;
    }

    [Fact]
    public void A_batch_sent_to_a_stopped_similarity_actor_is_disposed()
    {
        var actor = StoppedLayerActor();
        var batch = Batch(0);

        actor.Tell(batch, TestActor);

        AwaitCondition(() => Disposed(batch.Activations), TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // and nobody answers for it
    }

    [Fact]
    public void Batches_still_in_the_mailbox_when_the_actor_stops_are_disposed_whether_it_took_them_or_not()
    {
        var actor = Sys.ActorOf(SimilarityActor.Props(Layer, FakePlans.Problem().Similarity()));
        var batches = Enumerable.Range(0, 50).Select(Batch).ToList();

        foreach (var batch in batches) actor.Tell(batch, TestActor);
        Sys.Stop(actor); // a system message: it overtakes the batches still queued

        AwaitCondition(() => batches.All(b => Disposed(b.Activations)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Only_layer_batches_are_disposed_by_the_listener_other_dead_letters_are_left_alone()
    {
        var actor = StoppedLayerActor();
        var batch = Batch(0);
        var other = FakeActivations.Of(Layer, 0, 1, 1);

        actor.Tell(other, TestActor); // not a batch: its owner keeps it
        actor.Tell(batch, TestActor);

        AwaitCondition(() => Disposed(batch.Activations), TimeSpan.FromSeconds(5));
        Assert.False(Disposed(other));
        other.Dispose();
    }

    [Fact]
    public void A_worker_stopped_while_its_lane_probes_leaves_no_activation_undisposed()
    {
        var compute = new TrackingCompute(new FakeCompute());
        var probing = compute.Inner.Hold(ComputeCall.Probe("cifar2", 0, 1, 1));
        var parent = CreateTestProbe();
        var worker = parent.ChildActorOf(RepetitionWorker.Props(
            new RepetitionAssignment(FakePlans.Problem("cifar2", 1, 1), "dense", 0, new RepetitionStep(1, MeasureOnly: true), "rep-00", TraceParent: null),
            Sys.ActorOf(DevicePool.Props(["cpu"], slotsPerDevice: 1)), compute));
        AwaitCondition(() => compute.Inner.CountOf(ComputeCall.Probe("cifar2", 0, 1, 1)) == 1, TimeSpan.FromSeconds(10));

        Watch(worker);
        Sys.Stop(worker);
        ExpectTerminated(worker);
        probing.Set(); // batch 1 is made after its worker and layer actors are gone

        AwaitCondition(() => compute.Probed.Count == 2 * FakeCompute.Layers.Count && compute.Probed.All(Disposed), TimeSpan.FromSeconds(10));
    }

    /// <summary>A compute whose sessions remember every activation they hand out.</summary>
    private sealed class TrackingCompute(FakeCompute inner) : IExperimentCompute
    {
        public FakeCompute Inner => inner;

        public System.Collections.Concurrent.ConcurrentQueue<LayerActivations> Probed { get; } = new();

        public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation) =>
            inner.TrainDense(plan, folder, device, progress, cancellation);

        public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device) =>
            new TrackingSession(inner.OpenRepetition(plan, denseFolder, repetition, folder, device), Probed);

        private sealed class TrackingSession(IRepetitionSession inner, System.Collections.Concurrent.ConcurrentQueue<LayerActivations> probed) : IRepetitionSession
        {
            public IReadOnlyList<ProbeLayer> Layers => inner.Layers;
            public int ProbeBatches => inner.ProbeBatches;
            public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation) => inner.TrainIteration(iteration, progress, cancellation);
            public void Dispose() => inner.Dispose();

            public IReadOnlyList<LayerActivations> Probe(int iteration, int index)
            {
                var layers = inner.Probe(iteration, index);
                foreach (var layer in layers) probed.Enqueue(layer);
                return layers;
            }
        }
    }
}
