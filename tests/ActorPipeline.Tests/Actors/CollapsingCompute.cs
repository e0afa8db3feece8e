using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;
using TorchSharp;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// The real compute, with the pruned network's activations of the layers <c>collapse(repetition, iteration, layer)</c>
/// picks driven to all zeros (as a layer that lost every input). Beside it, an independent float64 reference: the
/// exact per-neuron minimum and maximum of every probed layer over all probe batches, from which
/// <see cref="DegenerateLayers"/> says which (repetition, iteration, layer) had no varying neuron in either network.
/// </summary>
internal sealed class CollapsingCompute(IExperimentCompute inner, Func<int, int, string, bool> collapse) : IExperimentCompute
{
    private readonly Func<int, int, string, bool> _collapse = collapse;
    private readonly ConcurrentDictionary<(int Repetition, int Iteration, string Layer, bool Pruned), (double[] Min, double[] Max)> _ranges = new();

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation) =>
        inner.TrainDense(plan, folder, device, progress, cancellation);

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device) =>
        new Session(this, repetition, inner.OpenRepetition(plan, denseFolder, repetition, folder, device));

    /// <summary>(repetition, iteration, layer) where the dense or the pruned layer had every neuron constant over the probe set.</summary>
    public IReadOnlySet<(int Repetition, int Iteration, string Layer)> DegenerateLayers() =>
        _ranges.Where(r => r.Value.Min.Zip(r.Value.Max).All(m => m.Item1 == m.Item2))
            .Select(r => (r.Key.Repetition, r.Key.Iteration, r.Key.Layer)).ToHashSet();

    private void Observe(int repetition, int iteration, string layer, bool pruned, torch.Tensor activations)
    {
        using var scope = torch.NewDisposeScope();
        long channels = activations.shape[1];
        // (n, c, h, w) → (n·h·w, c), as the paper reads a conv layer; float64 on the CPU
        var rows = (activations.dim() == 4 ? activations.permute(0, 2, 3, 1).reshape(-1, channels) : activations).to(torch.float64).cpu();
        var min = rows.amin([0]).data<double>().ToArray();
        var max = rows.amax([0]).data<double>().ToArray();
        _ranges.AddOrUpdate((repetition, iteration, layer, pruned), (min, max),
            (_, seen) => (seen.Min.Zip(min, Math.Min).ToArray(), seen.Max.Zip(max, Math.Max).ToArray()));
    }

    private sealed class Session(CollapsingCompute owner, int repetition, IRepetitionSession inner) : IRepetitionSession
    {
        public IReadOnlyList<ProbeLayer> Layers => inner.Layers;

        public int ProbeBatches => inner.ProbeBatches;

        public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation) =>
            inner.TrainIteration(iteration, progress, cancellation);

        public IReadOnlyList<LayerActivations> Probe(int iteration, int index)
        {
            var layers = inner.Probe(iteration, index);
            foreach (var layer in layers)
            {
                if (owner._collapse(repetition, iteration, layer.Layer)) layer.Pruned.zero_();
                owner.Observe(repetition, iteration, layer.Layer, pruned: false, layer.Dense);
                owner.Observe(repetition, iteration, layer.Layer, pruned: true, layer.Pruned);
            }
            return layers;
        }

        public void Dispose() => inner.Dispose();
    }
}
