using System.Globalization;
using System.Net;
using System.Text;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// The researcher's view of one sweep as report.md (figures linked) and report.html (self-contained: the SVG
/// figures inlined). Both hold the same sections: what was run, figure 1, figures 2, the median tables.
/// </summary>
internal sealed class ReportDocument(ReportResult result, DateTimeOffset generatedAt)
{
    private int inlinedFigures;

    private string Title => $"ActorPipeline report: {Path.GetFileName(result.SweepFolder.TrimEnd(Path.DirectorySeparatorChar))}";

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Title}").AppendLine();
        md.AppendLine($"Generated {Stamp} from `{ReportGenerator.ResultsFolderName}/{AccuracyCsv.FileName}` and `{ReportGenerator.ResultsFolderName}/{SimilarityCsv.FileName}`. " +
                      "Every number is a median over repetitions.").AppendLine();

        md.AppendLine("## What was run").AppendLine();
        foreach (var line in RunSummary())
            md.AppendLine($"- {line}");
        md.AppendLine();
        if (result.Description.SweepJsonFound)
        {
            md.AppendLine($"Settings from `{SweepDescription.FileName}`:").AppendLine();
            MarkdownTable(md, ["setting", "value"], result.Description.SweepJson.Select(e => new[] { e.Key, e.Value }), numeric: false);
        }
        else
        {
            md.AppendLine($"No `{SweepDescription.FileName}` in the sweep folder; the settings are not recorded here.").AppendLine();
        }

        md.AppendLine("## Figure 1: accuracy vs. sparsity").AppendLine();
        md.AppendLine(Figure1Caption).AppendLine();
        md.AppendLine($"![Figure 1]({FigurePath(ReportGenerator.Figure1Stem, "png")}) ([SVG]({FigurePath(ReportGenerator.Figure1Stem, "svg")}))").AppendLine();

        md.AppendLine("## Figure 2: layer similarity with the dense network").AppendLine();
        md.AppendLine(Figure2Caption).AppendLine();
        foreach (var figure in result.Figure2)
        {
            var stem = ReportGenerator.Figure2Stem(figure);
            md.AppendLine($"### {figure.Problem}: {FigureRenderer.MetricLabel(figure.Metric)}").AppendLine();
            md.AppendLine($"![Figure 2, {figure.Problem}, {figure.Metric}]({FigurePath(stem, "png")}) ([SVG]({FigurePath(stem, "svg")}))").AppendLine();
        }

        md.AppendLine("## Median test accuracy").AppendLine();
        MarkdownTable(md, AccuracyColumns, AccuracyRows());
        md.AppendLine("## Median similarity").AppendLine();
        foreach (var figure in result.Figure2)
        {
            md.AppendLine($"### {figure.Problem}: {FigureRenderer.MetricLabel(figure.Metric)}").AppendLine();
            MarkdownTable(md, ["iteration", .. figure.Layers], SimilarityRows(figure));
        }
        md.AppendLine($"Full tables: `{ReportGenerator.ResultsFolderName}/{MedianTables.AccuracyFileStem}.csv`, `{ReportGenerator.ResultsFolderName}/{MedianTables.SimilarityFileStem}.csv` (and `.json`).");
        return md.ToString();
    }

    public string Html()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{E(Title)}</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}" +
                        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}" +
                        "th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}table.text th,table.text td{text-align:left}figure{margin:1em 0}" +
                        "figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}</style>");
        html.AppendLine("</head><body>");
        html.AppendLine($"<h1>{E(Title)}</h1>");
        html.AppendLine($"<p>Generated {E(Stamp)} from <code>{ReportGenerator.ResultsFolderName}/{AccuracyCsv.FileName}</code> and " +
                        $"<code>{ReportGenerator.ResultsFolderName}/{SimilarityCsv.FileName}</code>. Every number is a median over repetitions.</p>");

        html.AppendLine("<h2>What was run</h2><ul>");
        foreach (var line in RunSummary())
            html.AppendLine($"<li>{E(line)}</li>");
        html.AppendLine("</ul>");
        if (result.Description.SweepJsonFound)
        {
            html.AppendLine($"<p>Settings from <code>{SweepDescription.FileName}</code>:</p>");
            HtmlTable(html, ["setting", "value"], result.Description.SweepJson.Select(e => new[] { e.Key, e.Value }), numeric: false);
        }
        else
        {
            html.AppendLine($"<p>No <code>{SweepDescription.FileName}</code> in the sweep folder; the settings are not recorded here.</p>");
        }

        html.AppendLine("<h2>Figure 1: accuracy vs. sparsity</h2>");
        InlineFigure(html, ReportGenerator.Figure1Stem, Figure1Caption);
        html.AppendLine("<h2>Figure 2: layer similarity with the dense network</h2>");
        html.AppendLine($"<p>{E(Figure2Caption)}</p>");
        foreach (var figure in result.Figure2)
        {
            html.AppendLine($"<h3>{E(figure.Problem)}: {E(FigureRenderer.MetricLabel(figure.Metric))}</h3>");
            InlineFigure(html, ReportGenerator.Figure2Stem(figure), $"{figure.Problem}, {figure.Metric}");
        }

        html.AppendLine("<h2>Median test accuracy</h2>");
        HtmlTable(html, AccuracyColumns, AccuracyRows());
        html.AppendLine("<h2>Median similarity</h2>");
        foreach (var figure in result.Figure2)
        {
            html.AppendLine($"<h3>{E(figure.Problem)}: {E(FigureRenderer.MetricLabel(figure.Metric))}</h3>");
            HtmlTable(html, ["iteration", .. figure.Layers], SimilarityRows(figure));
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private const string Figure1Caption =
        "Median test accuracy of each problem's network against its overall parameter sparsity; each marker is an IMP iteration (0: dense).";

    private const string Figure2Caption =
        "Median similarity of each layer of the pruned network with the same layer of the dense network; one curve per IMP iteration, light (first) to dark (last).";

    private static readonly string[] AccuracyColumns =
        ["problem", "iteration", "repetitions", "overall sparsity (%)", "conv sparsity (%)", "fc sparsity (%)", "test accuracy"];

    private string Stamp => generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private IEnumerable<string> RunSummary()
    {
        var d = result.Description;
        yield return $"Problems: {string.Join(", ", d.Problems)}";
        yield return $"Repetitions: {d.Repetitions}";
        yield return $"IMP iterations: 0 (dense) to {d.MaxIteration}";
        yield return $"Similarity metrics: {(d.Metrics.Count == 0 ? "none" : string.Join(", ", d.Metrics))}";
    }

    private IEnumerable<string[]> AccuracyRows() => result.AccuracyMedians.Select(m => new[]
    {
        m.Problem, m.Iteration.ToString(CultureInfo.InvariantCulture), m.Repetitions.ToString(CultureInfo.InvariantCulture),
        Percent(m.OverallSparsity), Percent(m.ConvSparsity), Percent(m.FcSparsity), m.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture),
    });

    private static IEnumerable<string[]> SimilarityRows(SimilarityFigureData figure) => figure.Curves.Select(curve =>
        new[] { curve.Iteration.ToString(CultureInfo.InvariantCulture) }
            .Concat(figure.Layers.Select((_, position) => curve.Points.FirstOrDefault(p => p.Position == position) is { } point
                ? point.Value.ToString("F4", CultureInfo.InvariantCulture)
                : "–"))
            .ToArray());

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture);

    private static string FigurePath(string stem, string extension) => $"{ReportGenerator.FiguresFolderName}/{stem}.{extension}";

    private void InlineFigure(StringBuilder html, string stem, string caption)
    {
        var svg = File.ReadAllText(Path.Combine(result.SweepFolder, ReportGenerator.FiguresFolderName, stem + ".svg"));
        html.AppendLine("<figure>").AppendLine(SvgInlining.Prepare(svg, $"f{++inlinedFigures}-"));
        html.AppendLine($"<figcaption>{E(caption)} (<a href=\"{FigurePath(stem, "png")}\">PNG</a>, <a href=\"{FigurePath(stem, "svg")}\">SVG</a>)</figcaption></figure>");
    }

    private static void MarkdownTable(StringBuilder md, IReadOnlyList<string> columns, IEnumerable<string[]> rows, bool numeric = true)
    {
        static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
        md.AppendLine("| " + string.Join(" | ", columns.Select(Cell)) + " |");
        md.AppendLine("|" + string.Join("|", columns.Select((_, i) => i == 0 || !numeric ? " --- " : " ---: ")) + "|");
        foreach (var row in rows)
            md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        md.AppendLine();
    }

    private static void HtmlTable(StringBuilder html, IReadOnlyList<string> columns, IEnumerable<string[]> rows, bool numeric = true)
    {
        html.Append(numeric ? "<table>" : "<table class=\"text\">").Append("<thead><tr>").AppendJoin("", columns.Select(c => $"<th>{E(c)}</th>")).AppendLine("</tr></thead><tbody>");
        foreach (var row in rows)
            html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).AppendLine("</tr>");
        html.AppendLine("</tbody></table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
