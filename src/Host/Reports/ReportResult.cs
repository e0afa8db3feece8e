namespace ActorPipeline.Host.Reports;

/// <summary>Everything a report was built from and where it was written; the figure series are exactly what was drawn.</summary>
public sealed record ReportResult(
    string SweepFolder,
    SweepDescription Description,
    IReadOnlyList<AccuracyMedian> AccuracyMedians,
    IReadOnlyList<SimilarityMedian> SimilarityMedians,
    IReadOnlyList<AccuracyCurve> Figure1,
    IReadOnlyList<SimilarityFigureData> Figure2,
    IReadOnlyList<string> WrittenFiles)
{
    public string MarkdownPath => Path.Combine(SweepFolder, ReportGenerator.MarkdownFileName);

    public string HtmlPath => Path.Combine(SweepFolder, ReportGenerator.HtmlFileName);
}
