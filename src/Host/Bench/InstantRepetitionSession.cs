using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;
using TorchSharp;

namespace ActorPipeline.Host.Bench;

/// <summary>A repetition of <see cref="InstantCompute"/>: an iteration is trained the moment it is asked for; one probe batch of tiny tensors per layer.</summary>
internal sealed class InstantRepetitionSession(ProblemPlan plan, int repetition, int layers) : IRepetitionSession
{
    /// <summary>Inputs and units of a tiny probe batch: enough for every metric, too small to cost anything.</summary>
    private const int Rows = 16, Units = 4;

    public IReadOnlyList<ProbeLayer> Layers { get; } = Enumerable.Range(0, layers).Select(i => new ProbeLayer($"layer{i + 1}", i)).ToList();

    public int ProbeBatches => 1;

    public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        double conv = 1 - Math.Pow(1 - plan.ConvRate, iteration), fc = 1 - Math.Pow(1 - plan.FcRate, iteration);
        return new IterationOutcome(iteration, conv, fc, OverallSparsity: (conv + fc) / 2,
            TestAccuracy: 0.9 - 0.005 * iteration - 0.001 * repetition, plan.ImpEpochs);
    }

    public IReadOnlyList<LayerActivations> Probe(int iteration, int index) => Layers.Select(layer =>
    {
        var dense = torch.randn([Rows, Units], dtype: torch.float32);
        var pruned = dense.mul(0.8).add_(torch.randn([Rows, Units], dtype: torch.float32).mul_(0.5));
        return new LayerActivations(layer.Name, dense, pruned);
    }).ToList();

    public void Dispose()
    {
    }
}
