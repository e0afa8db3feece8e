namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// One seed baseline of a problem: a dense network trained like the main one from another seed (<paramref name="Seed"/>),
/// and every probed layer's similarity with the main dense network, by the same similarity engine as the pruned networks'.
/// </summary>
/// <param name="Baseline">1-based.</param>
public sealed record SeedBaselineResult(int Baseline, long Seed, int Epochs, double TestAccuracy, IReadOnlyList<LayerSimilarity> Layers);
