namespace ActorPipeline.Host.Reports;

/// <summary>One line of results/similarity.csv: one layer of a pruned network compared with the dense one.</summary>
/// <param name="LayerIndex">The layer's position in the network (sorts the x axis of figure 2).</param>
/// <param name="Metrics">Metric name (column) to value; metrics left empty in the file are absent.</param>
public sealed record SimilarityRecord(
    string Problem, int Repetition, int Iteration, string Layer, int LayerIndex,
    IReadOnlyDictionary<string, double> Metrics, int Line)
{
    /// <summary>Values measured but undefined on this layer (a collapsed layer): empty cells that are not "not computed".</summary>
    public IReadOnlyList<string> Undefined { get; init; } = [];

    /// <summary>Why <see cref="Undefined"/> are; null when none is.</summary>
    public string? UndefinedReason { get; init; }

    public bool IsDegenerate => Undefined.Count > 0;
}
