using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Actors;

/// <summary>A repetition of <see cref="FakeCompute"/>: fixed outcomes, seeded activations, every call recorded by its compute.</summary>
internal sealed class FakeRepetitionSession(FakeCompute compute, string problem, int repetition) : IRepetitionSession
{
    public IReadOnlyList<ProbeLayer> Layers => FakeCompute.Layers;

    public int ProbeBatches => FakeCompute.ProbeBatches;

    public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        compute.Perform(ComputeCall.TrainIteration(problem, repetition, iteration), cancellation);
        var outcome = FakeCompute.IterationResult(repetition, iteration);
        progress?.Report(new TrainingProgress("training", 1, 1, outcome.TestAccuracy, ImagesPerSecond: 1000));
        return outcome;
    }

    public IReadOnlyList<LayerActivations> Probe(int iteration, int index)
    {
        var call = ComputeCall.Probe(problem, repetition, iteration, index);
        compute.Perform(call, CancellationToken.None);
        var layers = Layers.Select(layer => FakeActivations.Of(layer, repetition, iteration, index)).ToList();
        if (compute.NonFinite(call))
            foreach (var layer in layers) layer.Pruned.fill_(double.NaN);
        foreach (var layer in layers.Where(l => compute.Collapsed(call, l.Layer)))
            layer.Pruned.zero_();
        return layers;
    }

    public void Dispose() => compute.Perform(ComputeCall.CloseRepetition(problem, repetition), CancellationToken.None);
}
