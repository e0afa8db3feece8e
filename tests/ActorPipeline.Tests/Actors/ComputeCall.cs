using ActorPipeline.Actors.Progress;

namespace ActorPipeline.Tests.Actors;

/// <summary>What <see cref="FakeCompute"/> was asked to do.</summary>
internal enum ComputeStep
{
    TrainDense,
    OpenRepetition,
    TrainIteration,
    Probe,
    CloseRepetition,
}

/// <summary>
/// One call into <see cref="FakeCompute"/> or one of its sessions, as recorded (and as scripted: faults and holds
/// are keyed by it). Repetition -1 is the dense training; batch -1 means no probe batch.
/// </summary>
internal sealed record ComputeCall(ComputeStep Step, string Problem, int Repetition = WorkProgress.DenseRepetition, int Iteration = 0, int Batch = -1)
{
    public static ComputeCall TrainDense(string problem) => new(ComputeStep.TrainDense, problem);

    public static ComputeCall OpenRepetition(string problem, int repetition) => new(ComputeStep.OpenRepetition, problem, repetition);

    public static ComputeCall TrainIteration(string problem, int repetition, int iteration) => new(ComputeStep.TrainIteration, problem, repetition, iteration);

    public static ComputeCall Probe(string problem, int repetition, int iteration, int batch) => new(ComputeStep.Probe, problem, repetition, iteration, batch);

    public static ComputeCall CloseRepetition(string problem, int repetition) => new(ComputeStep.CloseRepetition, problem, repetition);

    public override string ToString() => Step switch
    {
        ComputeStep.TrainDense => $"{Problem} train dense",
        ComputeStep.TrainIteration => $"{Problem} repetition {Repetition} train iteration {Iteration}",
        ComputeStep.Probe => $"{Problem} repetition {Repetition} probe iteration {Iteration} batch {Batch}",
        _ => $"{Problem} repetition {Repetition} {Step}",
    };
}
