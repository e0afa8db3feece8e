namespace ActorPipeline.Actors.Events;

/// <summary>An IMP iteration of a repetition is pruned, rewound and retrained; its files are on disk.</summary>
public sealed record IterationTrained(
    string Problem, int Repetition, int Iteration, double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy, int Epochs)
    : IPipelineEvent;
