using ActorPipeline.Actors.Similarity;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Similarity;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

public sealed class SimilarityActorTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly ProbeLayer Layer = FakeCompute.Layers[0];
    private static readonly SimilarityOptions Options = FakePlans.Problem().Similarity();

    private IActorRef StartLayerActor() => Sys.ActorOf(SimilarityActor.Props(Layer, Options));

    private static AccumulateLayerBatch Batch(int iteration, int batch) => new(iteration, batch, FakeActivations.Of(Layer, 0, iteration, batch), TraceParent: null);

    private void SendIteration(IActorRef actor, int iteration, int batches = FakeCompute.ProbeBatches)
    {
        for (int batch = 0; batch < batches; batch++)
        {
            actor.Tell(Batch(iteration, batch));
            Assert.Equal(new LayerBatchAccumulated(Layer.Name, iteration, batch, FakeActivations.Rows * (batch + 1)), ExpectMsg<LayerBatchAccumulated>());
        }
    }

    [Fact]
    public void An_iterations_batches_accumulate_and_finishing_gives_the_in_process_measurement_bit_for_bit()
    {
        var actor = StartLayerActor();
        SendIteration(actor, iteration: 1);

        actor.Tell(new FinishLayerProbe(1));
        var measured = ExpectMsg<LayerMeasured>();
        MeasurementAssert.Identical(FakeActivations.Measure(Layer, Options, repetition: 0, iteration: 1), measured.Similarity);
        Assert.Equal(FakeCompute.ProbeBatches * FakeActivations.Rows, measured.Similarity.Datapoints);
    }

    [Fact]
    public void Batch_0_of_a_new_iteration_starts_afresh_so_two_iterations_never_mix()
    {
        var actor = StartLayerActor();
        SendIteration(actor, iteration: 1, batches: 2); // interrupted: never finished
        SendIteration(actor, iteration: 2);             // counts restart at batch 0

        actor.Tell(new FinishLayerProbe(2));
        MeasurementAssert.Identical(FakeActivations.Measure(Layer, Options, repetition: 0, iteration: 2), ExpectMsg<LayerMeasured>().Similarity);
        // Iteration 1's unfinished measurement is gone, not waiting to be finished.
        actor.Tell(new FinishLayerProbe(1));
        Assert.Equal(1, ExpectMsg<LayerProbeFailed>().Iteration);
    }

    [Fact]
    public void An_out_of_order_batch_fails_the_measurement_naming_the_layer_and_iteration_and_the_next_batch_0_starts_again()
    {
        var actor = StartLayerActor();
        SendIteration(actor, iteration: 3, batches: 1);

        actor.Tell(Batch(3, 2));
        var failed = ExpectMsg<LayerProbeFailed>();
        Assert.Equal((Layer.Name, 3), (failed.Layer, failed.Iteration));
        Assert.Contains($"layer {Layer.Name} at IMP iteration 3", failed.Error);
        Assert.Contains("expected batch 1 of iteration 3, got batch 2 of iteration 3", failed.Error);
        actor.Tell(new FinishLayerProbe(3));
        ExpectMsg<LayerProbeFailed>(); // the failed measurement was dropped

        SendIteration(actor, iteration: 3);
        actor.Tell(new FinishLayerProbe(3));
        MeasurementAssert.Identical(FakeActivations.Measure(Layer, Options, repetition: 0, iteration: 3), ExpectMsg<LayerMeasured>().Similarity);
    }

    [Fact]
    public void A_first_batch_other_than_0_is_refused()
    {
        var actor = StartLayerActor();
        actor.Tell(Batch(1, 1));
        var failed = ExpectMsg<LayerProbeFailed>();
        Assert.Equal((Layer.Name, 1), (failed.Layer, failed.Iteration));
    }

    [Fact]
    public void Finishing_without_batches_fails_and_so_does_finishing_twice()
    {
        var actor = StartLayerActor();
        actor.Tell(new FinishLayerProbe(1));
        var failed = ExpectMsg<LayerProbeFailed>();
        Assert.Equal((Layer.Name, 1), (failed.Layer, failed.Iteration));
        Assert.Contains("no activations of iteration 1", failed.Error);

        SendIteration(actor, iteration: 1);
        actor.Tell(new FinishLayerProbe(1));
        ExpectMsg<LayerMeasured>();
        actor.Tell(new FinishLayerProbe(1));
        Assert.Contains("no activations of iteration 1", ExpectMsg<LayerProbeFailed>().Error);
    }

    [Fact]
    public void The_actor_disposes_every_batch_it_is_sent_taken_or_refused()
    {
        var actor = StartLayerActor();
        var taken = Batch(1, 0);
        var refused = Batch(1, 2);
        actor.Tell(taken);
        ExpectMsg<LayerBatchAccumulated>();
        actor.Tell(refused);
        ExpectMsg<LayerProbeFailed>();

        Assert.True(taken.Activations.Dense.IsInvalid && taken.Activations.Pruned.IsInvalid);
        Assert.True(refused.Activations.Dense.IsInvalid && refused.Activations.Pruned.IsInvalid);
    }

    [Fact]
    public void Its_props_run_it_on_the_similarity_dispatcher_which_the_system_knows()
    {
        var props = SimilarityActor.Props(Layer, Options);
        Assert.Equal(SimilarityThreadPool.Id, props.Dispatcher);
        Assert.True(Sys.Dispatchers.HasDispatcher(SimilarityThreadPool.Id));
        Assert.Equal(SimilarityThreadPool.Id, Sys.Dispatchers.Lookup(SimilarityThreadPool.Id).Id);

        var actor = (ActorRefWithCell)Sys.ActorOf(props);
        actor.Tell(new FinishLayerProbe(1));
        ExpectMsg<LayerProbeFailed>(); // started
        Assert.Equal(SimilarityThreadPool.Id, ((ActorCell)actor.Underlying).Dispatcher.Id);
    }
}
