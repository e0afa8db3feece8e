using ActorPipeline.Actors.Plans;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// The numerical work the actors orchestrate, behind one seam: the real implementation runs TorchSharp
/// (<see cref="TorchExperimentCompute"/>); tests wrap it to inject failures. Calls block and run on the
/// worker's own thread, never on an actor's mailbox thread.
/// </summary>
public interface IExperimentCompute
{
    /// <summary>Trains (or resumes, or returns the finished) dense network of a problem in <paramref name="folder"/>.</summary>
    DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation);

    /// <summary>Prepares one repetition on a device: data, the dense network for probing, the network being pruned.</summary>
    IRepetitionSession OpenRepetition(ProblemPlan plan, DenseOutcome dense, int repetition, string folder, string device);
}

/// <summary>One repetition's device-resident state. Not thread-safe: one caller at a time.</summary>
public interface IRepetitionSession : IDisposable
{
    /// <summary>The layers compared with the dense network, in network order.</summary>
    IReadOnlyList<ProbeLayer> Layers { get; }

    /// <summary>Runs (or resumes, or loads the finished) IMP iteration; afterwards the session holds its weights.</summary>
    IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation);

    /// <summary>
    /// Runs the probe set through the dense network and the network of <paramref name="iteration"/> and hands each
    /// batch's activations to <paramref name="onBatch"/>, which takes ownership of the tensors.
    /// </summary>
    void Probe(int iteration, Action<ProbeBatch> onBatch, CancellationToken cancellation);
}
