using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Similarity;
using Akka.Actor;

namespace ActorPipeline.Actors.Similarity;

/// <summary>
/// Measures one layer: accumulates the joint covariance of the dense and the pruned network's activations
/// batch by batch (on the device the activations live on), then computes every requested metric from it.
/// Lives next to the worker that probes, so tensors never cross a process.
/// </summary>
public sealed class SimilarityActor : ReceiveActor
{
    private readonly ProbeLayer _layer;
    private readonly SimilarityOptions _options;
    private CovarianceAccumulator? _accumulator;
    private int _iteration = -1;
    private Activity? _span;

    public SimilarityActor(ProbeLayer layer, SimilarityOptions options)
    {
        _layer = layer;
        _options = options;

        Receive<AccumulateLayerBatch>(batch =>
        {
            using var activations = batch.Activations;
            try
            {
                if (batch.Iteration != _iteration)
                {
                    // A new measurement (or a retry of an interrupted one) starts from nothing.
                    Reset();
                    _iteration = batch.Iteration;
                    // One span per layer measurement, under the worker's probing span (its context came in the message).
                    _span = Traces.StartDetached("similarity", batch.TraceParent, tags: [new("layer", _layer.Name), new("layer.index", _layer.Index), new("iteration", _iteration)]);
                }
                _accumulator ??= new CovarianceAccumulator((int)activations.Dense.size(1), (int)activations.Pruned.size(1), activations.Dense.device);
                _accumulator.Add(activations.Dense, activations.Pruned);
                Sender.Tell(new LayerBatchAccumulated(_layer.Name, _iteration, _accumulator.Count));
            }
            catch (Exception e)
            {
                Sender.Tell(new Status.Failure(new LayerProbeException(_layer.Name, _iteration, e)));
            }
        });
        Receive<FinishLayerProbe>(finish =>
        {
            try
            {
                if (_accumulator is null || finish.Iteration != _iteration)
                    throw new InvalidOperationException($"Layer {_layer.Name} has no activations of iteration {finish.Iteration}.");
                var result = SimilarityEngine.Compute(_accumulator.ToCovariance(), _options);
                _span?.SetTag("datapoints", result.Count);
                foreach (var (metric, value) in result.Values()) _span?.SetTag($"similarity.{metric}", value);
                Sender.Tell(new LayerSimilarity(_layer.Name, _layer.Index, result.Count, result.Values(), result.Warnings));
            }
            catch (Exception e)
            {
                Traces.Fail(_span, e);
                Sender.Tell(new Status.Failure(new LayerProbeException(_layer.Name, _iteration, e)));
            }
            finally
            {
                Reset();
            }
        });
    }

    public static Props Props(ProbeLayer layer, SimilarityOptions options) => Akka.Actor.Props.Create(() => new SimilarityActor(layer, options));

    protected override void PostStop() => Reset();

    private void Reset()
    {
        _span?.Stop();
        _span = null;
        _accumulator?.Dispose();
        _accumulator = null;
    }
}

/// <summary>A layer's similarity could not be measured; names the layer and iteration.</summary>
public sealed class LayerProbeException(string layer, int iteration, Exception inner)
    : Exception($"Similarity of layer {layer} at IMP iteration {iteration} failed: {inner.Message}", inner);
