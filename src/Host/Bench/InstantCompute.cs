using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// An <see cref="IExperimentCompute"/> that trains nothing, for the coordinator benchmark: the dense training and every
/// IMP iteration return plausible outcomes at once (sparsity from the plan's pruning rates, a slowly falling accuracy),
/// nothing is written to disk, and a session has <paramref name="layers"/> layers of tiny random activations (none by
/// default: the similarity actors are then not started and a measurement is reported as soon as it is asked for).
/// </summary>
internal sealed class InstantCompute(int layers = 0) : IExperimentCompute
{
    public int Layers { get; } = layers >= 0 ? layers : throw new ArgumentOutOfRangeException(nameof(layers), layers, "Layers must not be negative.");

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation) =>
        new(Path.Combine(folder, "final.pt"), Path.Combine(folder, "rewind.pt"), plan.DenseEpochs, TestAccuracy: 0.9);

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device) =>
        new InstantRepetitionSession(plan, repetition, Layers);
}
