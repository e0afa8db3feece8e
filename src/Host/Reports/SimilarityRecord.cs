namespace ActorPipeline.Host.Reports;

/// <summary>One line of results/similarity.csv: one layer of a pruned network compared with the dense one.</summary>
/// <param name="LayerIndex">The layer's position in the network (sorts the x axis of figure 2).</param>
/// <param name="Metrics">Metric name (column) to value; metrics left empty in the file are absent.</param>
public sealed record SimilarityRecord(
    string Problem, int Repetition, int Iteration, string Layer, int LayerIndex,
    IReadOnlyDictionary<string, double> Metrics, int Line);
