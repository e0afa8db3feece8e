namespace ActorPipeline.Host.Reports;

/// <summary>
/// What the report shows of results/intrinsic-dimension.csv: the medians per layer and iteration drawn like Figure 2
/// (<see cref="Grid"/>, iteration 0 the dense network), and per problem the change by pruning beside the similarity with
/// their rank correlation (<see cref="Comparisons"/>, empty without similarity values or pruned estimates).
/// </summary>
public sealed record IntrinsicDimensionReport(IReadOnlyList<SimilarityMedian> Medians, SimilarityGrid Grid, IReadOnlyList<IntrinsicDimensionComparison> Comparisons)
{
    /// <summary>Estimates that are undefined (a degenerate measurement, e.g. a layer whose points all coincide): a result, shown with its reason, in no median.</summary>
    public IReadOnlyList<IntrinsicDimensionRecord> Undefined { get; init; } = [];

    public const string LayerFigureStem = "figure-intrinsic-dimension";
    public const string ComparisonFigureStem = "figure-intrinsic-dimension-vs-similarity";

    /// <summary>The report's part, or null when the file is absent or has no defined estimate (the sweep did not measure it, or not yet).</summary>
    /// <param name="excluded">Failed repetitions (problem, repetition), left out as from the similarity medians.</param>
    public static IntrinsicDimensionReport? Build(string resultsFolder, ISet<(string Problem, int Repetition)> excluded,
        IReadOnlyList<SimilarityMedian> similarity, string? metric, IReadOnlyDictionary<string, int>? planned)
    {
        var path = Path.Combine(resultsFolder, IntrinsicDimensionCsv.FileName);
        if (!File.Exists(path)) return null;
        // the dense rows (iteration 0) are the problem's, whichever repetition measured them
        var records = IntrinsicDimensionCsv.Read(path).Where(r => r.Iteration == 0 || !excluded.Contains((r.Problem, r.Repetition))).ToList();
        var medians = IntrinsicDimensionMedians.Of(records);
        if (medians.Count == 0) return null;
        var grid = FigureData.Figure2(medians, [IntrinsicDimensionMedians.Metric], planned).Single();
        var comparisons = metric is null ? [] : IntrinsicDimensionComparison.Of(IntrinsicDimensionMedians.Change(records), similarity, metric);
        return new IntrinsicDimensionReport(medians, grid, comparisons) { Undefined = records.Where(r => r.Dimension is null).ToList() };
    }
}
