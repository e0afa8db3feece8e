namespace ActorPipeline.Host.Reports;

/// <summary>
/// Turns a sweep folder's results/accuracy.csv and results/similarity.csv into medians over repetitions
/// (results/medians-*.csv and .json, with interquartile ranges), the paper's figures 1 (linear and log x) and 2 (a grid
/// of problems per metric) as figures/*.png and .svg, each also with the interquartile ranges as bands (*-iqr), and
/// report.md / report.html. Running it again regenerates everything.
/// </summary>
public static class ReportGenerator
{
    public const string ResultsFolderName = "results";
    public const string FiguresFolderName = "figures";
    public const string MarkdownFileName = "report.md";
    public const string HtmlFileName = "report.html";
    public const string Figure1Stem = "figure1-accuracy-vs-remaining";

    /// <summary>The headline metric when none is chosen and it is present: the paper's figure 2 shows SVCCA.</summary>
    public const string PaperMetric = "svcca";

    public static ReportResult Generate(string sweepFolder, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        var input = ResultsInput.Read(sweepFolder);
        sweepFolder = input.Folder;
        var results = Path.Combine(sweepFolder, ResultsFolderName);
        var accuracy = input.Accuracy;
        var failures = input.Failures;
        var included = input.IncludedSimilarity;
        var accuracyMedians = ResultMedians.Accuracy(input.IncludedAccuracy);
        var similarityMedians = ResultMedians.Similarity(included);
        var description = SweepDescription.Read(sweepFolder, accuracy, similarityMedians);

        var written = new List<string>();
        MedianTables.WriteAccuracy(results, accuracyMedians);
        MedianTables.WriteSimilarity(results, similarityMedians);
        foreach (var stem in new[] { MedianTables.AccuracyFileStem, MedianTables.SimilarityFileStem })
            written.AddRange([Path.Combine(results, stem + ".csv"), Path.Combine(results, stem + ".json")]);

        var figures = Path.Combine(sweepFolder, FiguresFolderName);
        Directory.CreateDirectory(figures);
        // every figure twice: as the paper draws it, and with the interquartile ranges (report.html toggles between them)
        var planned = description.Manifest?.Plan.Problems.ToDictionary(p => p.Problem, p => p.Repetitions);
        var figure1 = FigureData.Figure1(accuracyMedians, planned);
        foreach (var scale in Enum.GetValues<FractionScale>())
        foreach (bool spread in new[] { false, true })
        {
            var stem = Path.Combine(figures, WithSpread(Figure1StemFor(scale), spread));
            Figure1Renderer.Draw(figure1, scale, stem, spread);
            written.AddRange([stem + ".png", stem + ".svg"]);
        }

        // the seed noise floor (beyond the paper), where the sweep trained seed baselines
        var seedBaselinePath = Path.Combine(results, SeedBaselineCsv.FileName);
        var seedBaseline = File.Exists(seedBaselinePath) ? SeedBaselineCsv.Read(seedBaselinePath) : [];
        var figure2 = FigureData.Figure2(similarityMedians, Figure2Metrics(options, description), planned, seedBaseline);
        foreach (var grid in figure2)
        foreach (bool spread in new[] { false, true })
        {
            var stem = Path.Combine(figures, WithSpread(Figure2Stem(grid), spread));
            Figure2Renderer.Draw(grid, stem, spread);
            written.AddRange([stem + ".png", stem + ".svg"]);
        }

        // beyond the paper, only where the sweep measured it: ID vs layer like Figure 2 (with its bands), and ID change vs similarity
        var intrinsicDimension = IntrinsicDimensionReport.Build(results, input.Failed, similarityMedians, figure2.FirstOrDefault()?.Metric, planned);
        if (intrinsicDimension is not null)
        {
            foreach (bool spread in new[] { false, true })
            {
                var stem = Path.Combine(figures, WithSpread(IntrinsicDimensionReport.LayerFigureStem, spread));
                Figure2Renderer.Draw(intrinsicDimension.Grid, stem, spread);
                written.AddRange([stem + ".png", stem + ".svg"]);
            }
            if (intrinsicDimension.Comparisons.Count > 0)
            {
                var stem = Path.Combine(figures, IntrinsicDimensionReport.ComparisonFigureStem);
                IntrinsicDimensionComparisonRenderer.Draw(intrinsicDimension.Comparisons, stem);
                written.AddRange([stem + ".png", stem + ".svg"]);
            }
        }

        var result = new ReportResult(sweepFolder, description, accuracyMedians, similarityMedians, figure1, figure2, written)
        {
            IntrinsicDimension = intrinsicDimension,
            Failures = failures,
            CollapsedLayers = CollapsedLayer.Find(included),
            Provenance = File.Exists(Path.Combine(results, ProvenanceCsv.FileName)) ? ProvenanceMix.From(ProvenanceCsv.Read(Path.Combine(results, ProvenanceCsv.FileName))) : null,
        };
        var generatedAt = options.GeneratedAt ?? DateTimeOffset.UtcNow;
        File.WriteAllText(result.MarkdownPath, new MarkdownReport(result, generatedAt).Write());
        File.WriteAllText(result.HtmlPath, new HtmlReport(result, generatedAt).Write());
        written.AddRange([result.MarkdownPath, result.HtmlPath]);
        return result;
    }

    /// <summary>figure1-accuracy-vs-remaining, and -logx for the log-scale variant.</summary>
    public static string Figure1StemFor(FractionScale scale) => scale == FractionScale.Log ? Figure1Stem + "-logx" : Figure1Stem;

    /// <summary>The stem of a figure's variant with the interquartile-range bands: &lt;stem&gt;-iqr.</summary>
    public static string WithSpread(string stem, bool spread = true) => spread ? stem + "-iqr" : stem;

    /// <summary>figure2-&lt;metric&gt;: one grid image per metric, with characters unsafe in file names replaced.</summary>
    public static string Figure2Stem(SimilarityGrid grid) => $"figure2-{SafeName(grid.Metric)}";

    // The chosen metrics in their order (the first is the headline); else every metric present, the paper's first.
    private static IReadOnlyList<string> Figure2Metrics(ReportOptions options, SweepDescription description)
    {
        if (options.Figure2Metrics is { Count: > 0 } chosen)
        {
            if (chosen.FirstOrDefault(m => !description.Metrics.Contains(m)) is { } absent)
                throw new ArgumentException($"metric '{absent}' has no values in {SimilarityCsv.FileName}; present: {string.Join(", ", description.Metrics)}");
            return chosen.Distinct().ToList();
        }
        return description.Metrics.OrderBy(m => m == PaperMetric ? 0 : 1).ToList();
    }

    private static string SafeName(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
