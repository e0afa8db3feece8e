using System.Text.Json.Serialization;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// One IMP repetition's settings: how many prune–rewind–retrain iterations, what each pruning step
/// removes, how each retraining runs (<see cref="TrainingOptions"/> is a template: its seed is replaced per
/// iteration by one derived from <see cref="Seed"/>), and the repetition's seed.
/// </summary>
public sealed record ImpSettings
{
    public int Iterations { get; init; } = PaperProtocol.ImpIterations;
    public required PruningOptions PruningOptions { get; init; }
    public required TrainingOptions TrainingOptions { get; init; }
    /// <summary>The repetition's seed: data order, augmentation and dropout of every iteration derive from it.</summary>
    public long Seed { get; init; }
    /// <summary>
    /// What each retraining starts from. Left out of the JSON (and so of <see cref="ImpRepetitionJob.SettingsHashOf"/>) at its
    /// default, weight rewinding, so iteration folders written before this option existed are still recognised.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public RewindMode Rewind { get; init; } = RewindMode.Weights;

    /// <summary>The training options of iteration <paramref name="iteration"/>: the template with its own seed.</summary>
    public TrainingOptions TrainingFor(int iteration) =>
        TrainingOptions with { Seed = unchecked((long)SeedStreams.Derive(Seed, "imp", iteration)) };

    public void Validate()
    {
        if (Iterations <= 0) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "IMP needs at least one iteration.");
        if (!Enum.IsDefined(Rewind)) throw new ArgumentOutOfRangeException(nameof(Rewind), Rewind, $"Rewind {Rewind} is not one of {string.Join(", ", Enum.GetNames<RewindMode>())}.");
        PruningOptions.Validate();
        TrainingOptions.Validate();
    }
}
