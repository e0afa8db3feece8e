using System.Text;

namespace ActorPipeline.Host.Reports;

/// <summary>report.md: the same sections as report.html, with the figures linked (PNG, and SVG) instead of inlined.</summary>
internal sealed class MarkdownReport(ReportResult result, DateTimeOffset generatedAt)
{
    private readonly ReportText text = new(result, generatedAt);

    public string Write()
    {
        var md = new StringBuilder();
        md.AppendLine($"# {text.Title}").AppendLine();
        md.AppendLine($"_{ReportText.Subtitle}_").AppendLine();
        if (result.Description.Data.Warning is { } warning)
            md.AppendLine($"> **{warning}**").AppendLine();
        md.AppendLine($"Generated {text.Stamp} from `{ReportGenerator.ResultsFolderName}/{AccuracyCsv.FileName}` and " +
                      $"`{ReportGenerator.ResultsFolderName}/{SimilarityCsv.FileName}`. {text.Summary}").AppendLine();

        md.AppendLine("## Plan").AppendLine();
        var description = result.Description;
        if (description.Manifest is { } manifest)
        {
            md.AppendLine($"As resolved in `{SweepDescription.FileName}`, a column per problem:").AppendLine();
            Table(md, PlanTable.Build(manifest), numeric: false);
            md.AppendLine("Sweep: id, data and the config as given:").AppendLine();
            Table(md, SweepSettingsTable.Build(manifest), numeric: false);
        }
        else
        {
            md.AppendLine(description.SweepJsonFound
                ? $"The plan is not shown: `{SweepDescription.FileName}` could not be read as a sweep manifest ({description.ManifestProblem})."
                : $"No `{SweepDescription.FileName}` in the sweep folder; the plan is not recorded here.").AppendLine();
        }

        md.AppendLine("## Figure 1: test accuracy vs. fraction of parameters remaining").AppendLine();
        md.AppendLine(ReportText.Figure1Caption).AppendLine();
        foreach (var scale in Enum.GetValues<FractionScale>())
            md.AppendLine($"{FigureLink($"Figure 1, {ReportText.FractionScaleName(scale)}", ReportGenerator.Figure1StemFor(scale))}").AppendLine();
        md.AppendLine(SpreadLinks(Enum.GetValues<FractionScale>().Select(scale => (ReportText.FractionScaleName(scale), ReportGenerator.Figure1StemFor(scale))))).AppendLine();

        md.AppendLine("## Figure 2: layer similarity with the unpruned network").AppendLine();
        md.AppendLine(ReportText.Figure2Caption).AppendLine();
        foreach (var grid in result.Figure2)
        {
            md.AppendLine($"### {MetricNames.Statistic(grid.Metric)}").AppendLine();
            md.AppendLine(FigureLink($"Figure 2, {grid.Metric}", ReportGenerator.Figure2Stem(grid))).AppendLine();
            md.AppendLine(SpreadLinks([(grid.Metric, ReportGenerator.Figure2Stem(grid))])).AppendLine();
        }
        if (result.Figure2.Count == 0)
            md.AppendLine($"No similarity values in `{ReportGenerator.ResultsFolderName}/{SimilarityCsv.FileName}` yet.").AppendLine();

        if (result.IntrinsicDimension is { } id)
        {
            md.AppendLine($"## {ReportText.IntrinsicDimensionHeading}").AppendLine();
            md.AppendLine(ReportText.IntrinsicDimensionCaption).AppendLine();
            md.AppendLine(FigureLink("Intrinsic dimension vs layer", IntrinsicDimensionReport.LayerFigureStem)).AppendLine();
            md.AppendLine(SpreadLinks([("intrinsic dimension", IntrinsicDimensionReport.LayerFigureStem)])).AppendLine();
            foreach (var panel in id.Grid.Panels)
            {
                md.AppendLine($"### {ProblemNames.Display(panel.Problem)}: {MetricNames.Short(id.Grid.Metric)}").AppendLine();
                Table(md, ReportText.SimilarityTable(panel));
            }
            if (id.Comparisons.Count > 0)
            {
                md.AppendLine("### Intrinsic dimension change beside similarity").AppendLine();
                md.AppendLine(ReportText.ComparisonCaption).AppendLine();
                md.AppendLine(FigureLink("Intrinsic dimension change vs similarity", IntrinsicDimensionReport.ComparisonFigureStem)).AppendLine();
                Table(md, ReportText.RankCorrelationTable(id.Comparisons), numeric: false);
                foreach (var comparison in id.Comparisons)
                {
                    md.AppendLine($"#### {ProblemNames.Display(comparison.Problem)}: Δ intrinsic dimension / {MetricNames.Short(comparison.Metric)}").AppendLine();
                    Table(md, ReportText.ComparisonTable(comparison));
                }
            }
            if (id.Undefined.Count > 0)
            {
                md.AppendLine("Undefined estimates (in no median; a result, not a failure):").AppendLine();
                Table(md, ReportText.UndefinedIntrinsicDimensionTable(id.Undefined), numeric: false);
            }
            md.AppendLine($"Estimates per repetition: `{ReportGenerator.ResultsFolderName}/{IntrinsicDimensionCsv.FileName}`.").AppendLine();
        }

        md.AppendLine($"## {ReportText.CollapsesHeading}").AppendLine();
        md.AppendLine(text.CollapsesIntro).AppendLine();
        if (result.CollapsedLayers.Count > 0) Table(md, text.CollapsesTable(), numeric: false);
        if (result.Provenance is { } provenance)
        {
            md.AppendLine($"## {ReportText.ProvenanceHeading}").AppendLine();
            md.AppendLine($"{ReportText.ProvenanceSummary(provenance)} Every step: `{ReportGenerator.ResultsFolderName}/{ProvenanceCsv.FileName}`.").AppendLine();
            Table(md, ReportText.ProvenanceTable(provenance), numeric: false);
            if (provenance.Mixed.Count > 0) Table(md, ReportText.MixedRepetitionsTable(provenance), numeric: false);
        }
        md.AppendLine($"## {ReportText.FailuresHeading}").AppendLine();
        md.AppendLine(text.FailuresIntro).AppendLine();
        if (result.Failures is { Count: > 0 }) Table(md, text.FailuresTable(), numeric: false);

        md.AppendLine("## Median test accuracy").AppendLine();
        Table(md, text.AccuracyTable());
        md.AppendLine("## Median similarity").AppendLine();
        foreach (var grid in result.Figure2)
        foreach (var panel in grid.Panels)
        {
            md.AppendLine($"### {ProblemNames.Display(panel.Problem)}: {MetricNames.Short(grid.Metric)}").AppendLine();
            Table(md, ReportText.SimilarityTable(panel));
        }
        md.AppendLine($"Full tables: `{ReportGenerator.ResultsFolderName}/{MedianTables.AccuracyFileStem}.csv`, " +
                      $"`{ReportGenerator.ResultsFolderName}/{MedianTables.SimilarityFileStem}.csv` (and `.json`).");
        return md.ToString();
    }

    /// <summary>Links to the variants with the interquartile-range bands.</summary>
    private static string SpreadLinks(IEnumerable<(string Name, string Stem)> figures) =>
        "With interquartile ranges: " + string.Join(", ", figures.Select(f =>
            $"[{f.Name}]({ReportGenerator.FiguresFolderName}/{ReportGenerator.WithSpread(f.Stem)}.png) ([SVG]({ReportGenerator.FiguresFolderName}/{ReportGenerator.WithSpread(f.Stem)}.svg))")) + ".";

    private static string FigureLink(string alt, string stem) =>
        $"![{alt}]({ReportGenerator.FiguresFolderName}/{stem}.png) ([SVG]({ReportGenerator.FiguresFolderName}/{stem}.svg))";

    private static void Table(StringBuilder md, TextTable table, bool numeric = true)
    {
        // Table 2's batch-norm mark would otherwise start emphasis ("16*, 16, MP, 32*" in italics).
        static string Cell(string text) => text.Replace("|", "\\|").Replace("*", "\\*").Replace("\n", " ");
        md.AppendLine("| " + string.Join(" | ", table.Columns.Select(Cell)) + " |");
        md.AppendLine("|" + string.Join("|", table.Columns.Select((_, i) => i == 0 || !numeric ? " --- " : " ---: ")) + "|");
        foreach (var row in table.Rows)
            md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        md.AppendLine();
    }
}
