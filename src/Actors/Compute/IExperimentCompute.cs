using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// The numerical work the actors orchestrate, behind one seam: the real implementation runs the recipe of
/// ActorPipeline.Ml (<see cref="TorchExperimentCompute"/>); actor tests use a fake. Calls block and run on
/// a worker's background thread, never on an actor's mailbox thread.
/// </summary>
public interface IExperimentCompute
{
    /// <summary>Trains (or resumes, or returns the finished) dense network of a problem in <paramref name="folder"/>.</summary>
    DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation);

    /// <summary>Prepares one repetition on a device: data, the dense network of <paramref name="denseFolder"/> for probing, the network being pruned.</summary>
    IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device);
}

/// <summary>One repetition's device-resident state. Not thread-safe: one caller at a time.</summary>
public interface IRepetitionSession : IDisposable
{
    /// <summary>The layers compared with the dense network, in network order.</summary>
    IReadOnlyList<ProbeLayer> Layers { get; }

    /// <summary>Batches in the probe set.</summary>
    int ProbeBatches { get; }

    /// <summary>Runs (or resumes, or loads the finished) IMP iteration; afterwards the session holds its weights.</summary>
    IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation);

    /// <summary>Probe batch <paramref name="index"/> through the dense network and iteration <paramref name="iteration"/>'s, one entry per layer; the caller owns the tensors.</summary>
    IReadOnlyList<LayerActivations> Probe(int iteration, int index);

    /// <summary>Where and how the session's last probe batch was computed; null from a session that does not say (a test's fake).</summary>
    StepProvenance? Provenance => null;
}
