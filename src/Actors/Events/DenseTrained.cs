namespace ActorPipeline.Actors.Events;

/// <summary>The dense network is trained; paths are relative to the sweep's artifact folder.</summary>
public sealed record DenseTrained(string Problem, string FinalWeights, string RewindWeights, int Epochs, double TestAccuracy) : IPipelineEvent
{
    /// <summary>The plan's seed baselines, trained and measured with the dense network (new in dense-trained.v2; none in v1).</summary>
    public IReadOnlyList<SeedBaselineMeasured> SeedBaselines { get; init; } = [];

    /// <summary>Where and how it was trained (new in dense-trained.v3; none in older events).</summary>
    public RecordedProvenance? Provenance { get; init; }

    // Value equality as before the list was added (a replayed event equals the one recorded): the baselines element by element.
    public bool Equals(DenseTrained? other) =>
        other is not null && (Problem, FinalWeights, RewindWeights, Epochs, TestAccuracy) == (other.Problem, other.FinalWeights, other.RewindWeights, other.Epochs, other.TestAccuracy)
        && SeedBaselines.SequenceEqual(other.SeedBaselines) && Equals(Provenance, other.Provenance);

    public override int GetHashCode() => HashCode.Combine(Problem, FinalWeights, RewindWeights, Epochs, TestAccuracy, SeedBaselines.Count);
}
