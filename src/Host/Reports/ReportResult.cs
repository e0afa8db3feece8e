namespace ActorPipeline.Host.Reports;

/// <summary>Everything a report was built from and where it was written; the figure series are exactly what was drawn.</summary>
/// <param name="Figure2">One grid per metric, the headline metric first.</param>
public sealed record ReportResult(
    string SweepFolder,
    SweepDescription Description,
    IReadOnlyList<AccuracyMedian> AccuracyMedians,
    IReadOnlyList<SimilarityMedian> SimilarityMedians,
    IReadOnlyList<AccuracyCurve> Figure1,
    IReadOnlyList<SimilarityGrid> Figure2,
    IReadOnlyList<string> WrittenFiles)
{
    /// <summary>Failed repetitions and dense trainings (results.json), left out of the medians; null when results.json is absent.</summary>
    public IReadOnlyList<FailedWork>? Failures { get; init; }

    /// <summary>Layers whose similarity is undefined (collapsed) at an iteration, in the repetitions the medians rest on.</summary>
    public IReadOnlyList<CollapsedLayer> CollapsedLayers { get; init; } = [];

    /// <summary>The intrinsic dimension's figures and rank correlations; null when the sweep has none (results/intrinsic-dimension.csv absent or empty).</summary>
    public IntrinsicDimensionReport? IntrinsicDimension { get; init; }

    /// <summary>Where the steps were computed and the repetitions whose steps disagree in device kind or threads; null without results/provenance.csv (an older sweep).</summary>
    public ProvenanceMix? Provenance { get; init; }

    public string MarkdownPath => Path.Combine(SweepFolder, ReportGenerator.MarkdownFileName);

    public string HtmlPath => Path.Combine(SweepFolder, ReportGenerator.HtmlFileName);

    /// <summary>The metric whose figure 2 the report shows first; null when there are no similarity values yet.</summary>
    public string? HeadlineMetric => Figure2.FirstOrDefault()?.Metric;
}
