using System.Diagnostics;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Similarity;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Actors.Similarity;

/// <summary>
/// Measures one layer of a repetition: consumes the probe batches' activations (on the device they were computed
/// on) into a <see cref="LayerProbe"/>, and computes every metric (and the intrinsic dimensions its plan asks for at
/// that iteration, each a child span of the layer's "similarity" span) when asked to finish. Runs on
/// <see cref="SimilarityThreadPool"/>, never the default threads. A child of the worker, so the tensors never
/// leave their node; only the metrics travel.
/// </summary>
public sealed class SimilarityActor : ReceiveActor
{
    private readonly ProbeLayer _layer;
    private readonly IntrinsicDimensionPlan _intrinsicDimension;
    private readonly int _repetition;
    private LayerProbe? _measurement;
    private int _iteration = -1;
    private int _nextBatch;
    private Activity? _span;

    private readonly ComputeSettings? _compute;

    public SimilarityActor(ProbeLayer layer, SimilarityOptions options, IntrinsicDimensionPlan? intrinsicDimension = null, int repetition = 0, ComputeSettings? compute = null)
    {
        _compute = compute;
        _layer = layer;
        _intrinsicDimension = intrinsicDimension ?? IntrinsicDimensionPlan.Off;
        _repetition = repetition;
        Receive<AccumulateLayerBatch>(batch =>
        {
            using var activations = batch.Activations;
            try
            {
                if (batch.Batch == 0) Start(batch.Iteration, batch.TraceParent);
                if (batch.Iteration != _iteration || batch.Batch != _nextBatch)
                    throw new InvalidOperationException($"expected batch {_nextBatch} of iteration {_iteration}, got batch {batch.Batch} of iteration {batch.Iteration}");
                long datapoints = _measurement!.Add(activations.Dense, activations.Pruned);
                _nextBatch++;
                Sender.Tell(new LayerBatchAccumulated(_layer.Name, _iteration, batch.Batch, datapoints));
            }
            catch (Exception e)
            {
                Fail(batch.Iteration, e);
            }
        });
        Receive<FinishLayerProbe>(finish =>
        {
            try
            {
                if (_measurement is null || finish.Iteration != _iteration)
                    throw new InvalidOperationException($"no activations of iteration {finish.Iteration}");
                // the intrinsic dimension's spans (Ml code) nest under this layer's span
                var outer = Activity.Current;
                Activity.Current = _span;
                LayerSimilarity result;
                try
                {
                    result = _measurement.Finish(options, _intrinsicDimension.Options);
                }
                finally
                {
                    Activity.Current = outer; // this thread serves other actors next
                }
                _span?.SetTag("datapoints", result.Datapoints);
                foreach (var (metric, value) in result.Values) _span?.SetTag($"similarity.{metric}", value);
                foreach (var (metric, reason) in result.Undefined) _span?.SetTag($"similarity.{metric}.undefined", reason);
                if (result.DenseIntrinsicDimension is { } dense) _span?.SetTag("intrinsic_dimension.dense", dense.Dimension);
                if (result.IntrinsicDimension is { } pruned) _span?.SetTag("intrinsic_dimension.pruned", pruned.Dimension);
                if (_measurement.IntrinsicDimensionSeconds > 0)
                {
                    _span?.SetTag("intrinsic_dimension.seconds", _measurement.IntrinsicDimensionSeconds);
                    PipelineLog.Steps.LogInformation("Repetition {Repetition} IMP iteration {Iteration} layer {Layer}: intrinsic dimension {Pruned} (pruned), {Dense} (dense) in {Seconds:F2} s",
                        _repetition, _iteration, _layer.Name, result.IntrinsicDimension?.Dimension, result.DenseIntrinsicDimension?.Dimension, _measurement.IntrinsicDimensionSeconds);
                }
                Sender.Tell(new LayerMeasured(result));
                Reset();
            }
            catch (Exception e)
            {
                Fail(finish.Iteration, e);
            }
        });
    }

    /// <summary>Declared where the actor is created: on its own thread pool.</summary>
    /// <param name="intrinsicDimension">What the plan measures the intrinsic dimension of, in repetition <paramref name="repetition"/>; null: nothing.</param>
    /// <param name="compute">The plan's compute settings, applied on this actor's threads before each batch (null: the threads' own).</param>
    public static Props Props(ProbeLayer layer, SimilarityOptions options, IntrinsicDimensionPlan? intrinsicDimension = null, int repetition = 0, ComputeSettings? compute = null) =>
        Akka.Actor.Props.Create(() => new SimilarityActor(layer, options, intrinsicDimension, repetition, compute)).WithDispatcher(SimilarityThreadPool.Id);

    /// <summary>A batch sent to it after it stopped is disposed by <see cref="UndeliveredBatches"/>.</summary>
    protected override void PreStart() => UndeliveredBatches.EnsureStarted(Context.System);

    protected override void PostStop() => Reset();

    private void Start(int iteration, string? traceParent)
    {
        // A new measurement (or a retry of an interrupted one) starts from nothing.
        Reset();
        _iteration = iteration;
        _nextBatch = 0;
        _measurement = new LayerProbe(_layer, _intrinsicDimension.For(_repetition, iteration), _intrinsicDimension.Points, _compute);
        // One span per layer measurement, under the worker's probing span (its context came in the message).
        _span = Traces.StartDetached("similarity", traceParent, tags: [new("layer", _layer.Name), new("layer.index", _layer.Index), new("iteration", iteration)]);
    }

    private void Fail(int iteration, Exception error)
    {
        Traces.Fail(_span, error);
        Sender.Tell(new LayerProbeFailed(_layer.Name, iteration, $"similarity of layer {_layer.Name} at IMP iteration {iteration} failed: {error.Message}",
            Ml.DeterministicFailureException.IsIn(error)));
        Reset();
        _iteration = -1;
    }

    private void Reset()
    {
        _span?.Stop();
        _span = null;
        _measurement?.Dispose();
        _measurement = null;
    }
}
