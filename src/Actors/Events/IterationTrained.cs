namespace ActorPipeline.Actors.Events;

/// <summary>An IMP iteration of a repetition is pruned, rewound and retrained; its files are on disk.</summary>
public sealed record IterationTrained(
    string Problem, int Repetition, int Iteration, double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy, int Epochs)
    : IPipelineEvent
{
    /// <summary>Where and how it was trained (new in iteration-trained.v2; none in v1).</summary>
    public RecordedProvenance? Provenance { get; init; }
}
