namespace ActorPipeline.Actors.Events;

/// <summary>The dense network is trained; paths are relative to the sweep's artifact folder.</summary>
public sealed record DenseTrained(string Problem, string FinalWeights, string RewindWeights, int Epochs, double TestAccuracy) : IPipelineEvent
{
    /// <summary>The plan's seed baselines, trained and measured with the dense network (new in dense-trained.v2; none in v1).</summary>
    public IReadOnlyList<SeedBaselineMeasured> SeedBaselines { get; init; } = [];
}
