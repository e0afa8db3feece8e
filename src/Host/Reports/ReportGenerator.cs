namespace ActorPipeline.Host.Reports;

/// <summary>
/// Turns a sweep folder's results/accuracy.csv and results/similarity.csv into medians over repetitions
/// (results/medians-*.csv and .json), the paper's figures 1 and 2 (figures/*.png and .svg) and
/// report.md / report.html. Running it again regenerates everything from the results.
/// </summary>
public static class ReportGenerator
{
    public const string ResultsFolderName = "results";
    public const string FiguresFolderName = "figures";
    public const string MarkdownFileName = "report.md";
    public const string HtmlFileName = "report.html";
    public const string Figure1Stem = "figure1-accuracy-vs-sparsity";

    public static ReportResult Generate(string sweepFolder, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        sweepFolder = Path.GetFullPath(sweepFolder);
        if (!Directory.Exists(sweepFolder))
            throw new DirectoryNotFoundException($"{sweepFolder}: sweep folder not found");
        var results = Path.Combine(sweepFolder, ResultsFolderName);
        if (!Directory.Exists(results))
            throw new DirectoryNotFoundException($"{results}: no results folder; the sweep writes {AccuracyCsv.FileName} and {SimilarityCsv.FileName} there");

        var accuracyPath = Path.Combine(results, AccuracyCsv.FileName);
        var accuracy = AccuracyCsv.Read(accuracyPath);
        // Similarity rows may lag behind (a sweep still running), but without accuracy rows there is nothing to show.
        if (accuracy.Count == 0)
            throw new InvalidDataException($"{accuracyPath}: no data rows yet, only the header; nothing to report");
        var similarity = SimilarityCsv.Read(Path.Combine(results, SimilarityCsv.FileName));
        var accuracyMedians = ResultMedians.Accuracy(accuracy);
        var similarityMedians = ResultMedians.Similarity(similarity);
        var description = SweepDescription.Read(sweepFolder, accuracy, similarityMedians);

        var written = new List<string>();
        MedianTables.WriteAccuracy(results, accuracyMedians);
        MedianTables.WriteSimilarity(results, similarityMedians);
        foreach (var stem in new[] { MedianTables.AccuracyFileStem, MedianTables.SimilarityFileStem })
            written.AddRange([Path.Combine(results, stem + ".csv"), Path.Combine(results, stem + ".json")]);

        var figures = Path.Combine(sweepFolder, FiguresFolderName);
        Directory.CreateDirectory(figures);
        var figure1 = FigureData.Figure1(accuracyMedians);
        var figure1Stem = Path.Combine(figures, Figure1Stem);
        FigureRenderer.DrawFigure1(figure1, figure1Stem);
        written.AddRange([figure1Stem + ".png", figure1Stem + ".svg"]);

        if (options.Figure2Metrics is { } chosen && chosen.FirstOrDefault(m => !description.Metrics.Contains(m)) is { } absent)
            throw new ArgumentException($"metric '{absent}' has no values in {SimilarityCsv.FileName}; present: {string.Join(", ", description.Metrics)}");
        var figure2 = FigureData.Figure2(similarityMedians, options.Figure2Metrics);
        var figure2Files = new List<(SimilarityFigureData Figure, string Stem)>();
        foreach (var figure in figure2)
        {
            var stem = Path.Combine(figures, Figure2Stem(figure));
            FigureRenderer.DrawFigure2(figure, stem);
            figure2Files.Add((figure, stem));
            written.AddRange([stem + ".png", stem + ".svg"]);
        }

        var result = new ReportResult(sweepFolder, description, accuracyMedians, similarityMedians, figure1, figure2, written);
        var document = new ReportDocument(result, options.GeneratedAt ?? DateTimeOffset.UtcNow);
        File.WriteAllText(result.MarkdownPath, document.Markdown());
        File.WriteAllText(result.HtmlPath, document.Html());
        written.AddRange([result.MarkdownPath, result.HtmlPath]);
        return result;
    }

    /// <summary>figure2-&lt;problem&gt;-&lt;metric&gt;, with characters unsafe in file names replaced.</summary>
    public static string Figure2Stem(SimilarityFigureData figure) => $"figure2-{SafeName(figure.Problem)}-{SafeName(figure.Metric)}";

    private static string SafeName(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
