namespace ActorPipeline.Host.Reports;

/// <summary>
/// One line of results/seed-baseline.csv: a layer's similarity between the main dense network and seed baseline
/// <see cref="Baseline"/> (a dense network trained from <see cref="Seed"/>); an undefined value is absent from <see cref="Metrics"/>.
/// </summary>
public sealed record SeedBaselineRecord(string Problem, int Baseline, long Seed, double TestAccuracy, string Layer, int LayerIndex, IReadOnlyDictionary<string, double> Metrics, int Line);
