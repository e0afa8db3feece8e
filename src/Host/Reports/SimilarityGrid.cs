namespace ActorPipeline.Host.Reports;

/// <summary>Figure 2 for one metric, as in the paper: one image holding a panel per problem.</summary>
/// <param name="Panels">In problem order; every panel has the same metric.</param>
public sealed record SimilarityGrid(string Metric, IReadOnlyList<SimilarityFigureData> Panels)
{
    public IEnumerable<string> Problems => Panels.Select(p => p.Problem);
}
