namespace ActorPipeline.Actors.Events;

/// <summary>
/// One seed baseline as the journal records it (inside <see cref="DenseTrained"/>): a dense network trained from another
/// seed, its test accuracy, and every layer's similarity with the main dense network.
/// </summary>
public sealed record SeedBaselineMeasured(int Baseline, long Seed, int Epochs, double TestAccuracy, IReadOnlyList<LayerMetrics> Layers);
