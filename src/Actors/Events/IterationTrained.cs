using ActorPipeline.Actors.Compute;

namespace ActorPipeline.Actors.Events;

/// <summary>An IMP iteration of a repetition is pruned, rewound and retrained; its files are on disk.</summary>
public sealed record IterationTrained(
    string Problem, int Repetition, int Iteration, double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy, int Epochs)
    : IPipelineEvent
{
    public static IterationTrained From(string problem, int repetition, IterationOutcome outcome) =>
        new(problem, repetition, outcome.Iteration, outcome.ConvSparsity, outcome.FcSparsity, outcome.OverallSparsity, outcome.TestAccuracy, outcome.Epochs);
}
