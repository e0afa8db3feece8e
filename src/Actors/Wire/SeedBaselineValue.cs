namespace ActorPipeline.Actors.Wire;

/// <summary>A seed baseline on the wire (with the dense network's report): its seed, training and every layer's similarity with the main dense network.</summary>
public sealed record SeedBaselineValue(int Baseline, long Seed, int Epochs, double TestAccuracy, IReadOnlyList<LayerMeasurement> Layers);
