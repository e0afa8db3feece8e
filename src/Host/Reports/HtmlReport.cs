using System.Text;
using System.Text.RegularExpressions;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// report.html: one self-contained, UTF-8 page laid out like the paper's results. A data warning first, the plan
/// as a table with a column per problem, figure 1 (linear or log x), figure 2 as one grid per metric behind a
/// selector (the headline metric shown), then the median tables (similarity collapsed). Figures are inlined SVG, each
/// with and without its interquartile-range bands, one checkbox (plain CSS) choosing for all.
/// </summary>
internal sealed partial class HtmlReport(ReportResult result, DateTimeOffset generatedAt)
{
    private const string Style =
        "body{font-family:system-ui,'DejaVu Sans',sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222;line-height:1.35}" +
        "h1{font-size:1.45em;margin:.2em 0 0}h2{font-size:1.15em;margin:1.1em 0 .35em;padding-bottom:.15em;border-bottom:1px solid #ddd}" +
        "h3{font-size:1em;margin:.8em 0 .3em}p{margin:.35em 0}.subtitle{color:#555;margin-top:0}" +
        ".banner{background:#fdecea;border:2px solid #c62828;color:#8e0000;padding:.55em .9em;font-weight:600;margin:.6em 0;border-radius:4px}" +
        ".scroll{overflow-x:auto}table{border-collapse:collapse;margin:.4em 0;font-size:.86em}" +
        "th,td{border:1px solid #ccc;padding:.18em .5em;text-align:right;vertical-align:top}th{background:#f3f3f3}" +
        "th:first-child,td:first-child{text-align:left;white-space:nowrap}" +
        "table.text th,table.text td{text-align:left}table.text td{overflow-wrap:anywhere}table.plan{width:100%;table-layout:fixed}table.plan th{text-align:left}table.plan th:first-child{width:12em}" +
        "figure{margin:.3em 0}figure svg{display:block;width:100%;height:auto}" +
        "figcaption{color:#555;font-size:.88em}details{margin:.5em 0}summary{cursor:pointer;font-weight:600}" +
        // each figure holds both variants; the checkbox before them picks one by the sibling selector (no script)
        "#show-spread{margin:.9em .4em .2em 0}.spread-off{display:none}" +
        "#show-spread:not(:checked)~* .spread-on{display:none}#show-spread:not(:checked)~* .spread-off{display:block}";

    private readonly ReportText text = new(result, generatedAt);
    private int inlinedFigures;

    public string Write()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine($"<title>{E(text.Title)}</title>");
        html.AppendLine($"<style>{Style}{HtmlTabs.Css}</style>");
        html.AppendLine("</head><body>");
        html.AppendLine($"<h1>{E(text.Title)}</h1>");
        html.AppendLine($"<p class=\"subtitle\">{E(ReportText.Subtitle)}</p>");
        if (result.Description.Data.Warning is { } warning)
            html.AppendLine($"<p class=\"banner\" role=\"alert\">{E(warning)}</p>");
        html.AppendLine($"<p>Generated {E(text.Stamp)} from <code>{ReportGenerator.ResultsFolderName}/{AccuracyCsv.FileName}</code> and " +
                        $"<code>{ReportGenerator.ResultsFolderName}/{SimilarityCsv.FileName}</code>. {E(text.Summary)}</p>");

        Plan(html);
        SpreadToggle(html);
        Figure1(html);
        Figure2(html);
        IntrinsicDimension(html);

        html.AppendLine($"<h2 id=\"collapsed-layers\">{ReportText.CollapsesHeading}</h2>");
        html.AppendLine($"<p>{E(text.CollapsesIntro)}</p>");
        if (result.CollapsedLayers.Count > 0) Table(html, text.CollapsesTable(), "text collapses");
        if (result.Provenance is { } provenance)
        {
            html.AppendLine($"<h2 id=\"provenance\">{ReportText.ProvenanceHeading}</h2>");
            html.AppendLine($"<p>{E(ReportText.ProvenanceSummary(provenance))} Every step: <code>{ReportGenerator.ResultsFolderName}/{ProvenanceCsv.FileName}</code>.</p>");
            Table(html, ReportText.ProvenanceTable(provenance), "text provenance");
            if (provenance.Mixed.Count > 0) Table(html, ReportText.MixedRepetitionsTable(provenance), "text mixed-provenance");
        }
        html.AppendLine($"<h2 id=\"failures\">{ReportText.FailuresHeading}</h2>");
        html.AppendLine($"<p>{E(text.FailuresIntro.Replace("`", ""))}</p>");
        if (result.Failures is { Count: > 0 }) Table(html, text.FailuresTable(), "text failures");

        html.AppendLine("<h2>Median test accuracy</h2>");
        html.AppendLine("<p>Fraction of prunable parameters remaining and median test accuracy per IMP iteration (0: unpruned); n in parentheses.</p>");
        Table(html, text.AccuracyTable());
        if (result.Figure2.Count > 0)
        {
            html.AppendLine("<details><summary>Median similarity per layer and IMP iteration (tables)</summary>");
            foreach (var grid in result.Figure2)
            {
                html.AppendLine($"<h3>{E(MetricNames.Statistic(grid.Metric))}</h3>");
                foreach (var panel in grid.Panels)
                {
                    html.AppendLine($"<p><b>{E(ProblemNames.Display(panel.Problem))}</b></p>");
                    Table(html, ReportText.SimilarityTable(panel));
                }
            }
            html.AppendLine("</details>");
        }
        html.AppendLine($"<p>Full tables: <code>{ReportGenerator.ResultsFolderName}/{MedianTables.AccuracyFileStem}.csv</code>, " +
                        $"<code>{ReportGenerator.ResultsFolderName}/{MedianTables.SimilarityFileStem}.csv</code> (and <code>.json</code>).</p>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private void Plan(StringBuilder html)
    {
        html.AppendLine("<h2>Plan</h2>");
        var description = result.Description;
        if (description.Manifest is not { } manifest)
        {
            html.AppendLine(description.SweepJsonFound
                ? $"<p>The plan is not shown: <code>{SweepDescription.FileName}</code> could not be read as a sweep manifest ({E(description.ManifestProblem ?? "")}).</p>"
                : $"<p>No <code>{SweepDescription.FileName}</code> in the sweep folder; the plan is not recorded here.</p>");
            return;
        }
        html.AppendLine($"<p>As resolved in <code>{SweepDescription.FileName}</code>, a column per problem.</p>");
        Table(html, PlanTable.Build(manifest), "text plan");
        html.AppendLine("<details><summary>Sweep: id, data and the config as given</summary>");
        Table(html, SweepSettingsTable.Build(manifest), "text");
        html.AppendLine("</details>");
    }

    /// <summary>
    /// One checkbox for both figures, showing or hiding the interquartile-range bands. Plain CSS, like the tabs: it is a
    /// child of &lt;body&gt; so that every later figure is inside a later sibling of it (the page works with scripts off).
    /// </summary>
    private static void SpreadToggle(StringBuilder html) =>
        html.AppendLine($"<input type=\"checkbox\" id=\"show-spread\" checked><label for=\"show-spread\">{E(ReportText.SpreadToggleLabel)}</label>");

    private void Figure1(StringBuilder html)
    {
        html.AppendLine("<h2>Figure 1: test accuracy vs. fraction of parameters remaining</h2>");
        html.AppendLine($"<p>{E(ReportText.Figure1Caption)}</p>");
        HtmlTabs.Write(html, "figure1", Enum.GetValues<FractionScale>()
            .Select(scale => (ReportText.FractionScaleName(scale),
                Figure(ReportGenerator.Figure1StemFor(scale), $"class=\"figure1\" data-scale=\"{scale.ToString().ToLowerInvariant()}\"", null)))
            .ToList());
    }

    private void Figure2(StringBuilder html)
    {
        html.AppendLine("<h2>Figure 2: layer similarity with the unpruned network</h2>");
        html.AppendLine($"<p>{E(ReportText.Figure2Caption)}</p>");
        if (result.Figure2.Count == 0)
        {
            html.AppendLine($"<p>No similarity values in <code>{ReportGenerator.ResultsFolderName}/{SimilarityCsv.FileName}</code> yet.</p>");
            return;
        }
        HtmlTabs.Write(html, "figure2", result.Figure2
            .Select(grid => (MetricNames.Short(grid.Metric),
                Figure(ReportGenerator.Figure2Stem(grid),
                    $"class=\"figure2\" data-metric=\"{E(grid.Metric)}\" data-problems=\"{E(string.Join(",", grid.Problems))}\"",
                    MetricNames.Statistic(grid.Metric))))
            .ToList());
    }

    /// <summary>Beyond the paper, only where the sweep measured it: ID vs layer (with its bands), ID change beside similarity, ρ per problem.</summary>
    private void IntrinsicDimension(StringBuilder html)
    {
        if (result.IntrinsicDimension is not { } id) return;
        html.AppendLine($"<h2 id=\"intrinsic-dimension\">{E(ReportText.IntrinsicDimensionHeading)}</h2>");
        html.AppendLine($"<p>{E(ReportText.IntrinsicDimensionCaption)}</p>");
        html.AppendLine(Figure(IntrinsicDimensionReport.LayerFigureStem, "class=\"intrinsic-dimension\"", MetricNames.Statistic(id.Grid.Metric)));
        if (id.Comparisons.Count > 0)
        {
            html.AppendLine("<h3>Intrinsic dimension change beside similarity</h3>");
            html.AppendLine($"<p>{E(ReportText.ComparisonCaption)}</p>");
            var stem = IntrinsicDimensionReport.ComparisonFigureStem;
            var svg = SvgInlining.Prepare(ReadSvg(stem), $"f{++inlinedFigures}-");
            html.AppendLine($"<figure class=\"intrinsic-dimension-vs-similarity\">\n{svg}\n<figcaption>(<a href=\"{FigurePath(stem, "png")}\">PNG</a>, <a href=\"{FigurePath(stem, "svg")}\">SVG</a>)</figcaption></figure>");
            Table(html, ReportText.RankCorrelationTable(id.Comparisons), "text");
        }
        if (id.Undefined.Count > 0)
        {
            html.AppendLine("<p>Undefined estimates (in no median; a result, not a failure):</p>");
            Table(html, ReportText.UndefinedIntrinsicDimensionTable(id.Undefined), "text");
        }
        html.AppendLine("<details><summary>Intrinsic dimension per layer and IMP iteration (tables)</summary>");
        foreach (var panel in id.Grid.Panels)
        {
            html.AppendLine($"<p><b>{E(ProblemNames.Display(panel.Problem))}</b>: median intrinsic dimension (n)</p>");
            Table(html, ReportText.SimilarityTable(panel));
        }
        foreach (var comparison in id.Comparisons)
        {
            html.AppendLine($"<p><b>{E(ProblemNames.Display(comparison.Problem))}</b>: Δ intrinsic dimension / {E(MetricNames.Short(comparison.Metric))}</p>");
            Table(html, ReportText.ComparisonTable(comparison));
        }
        html.AppendLine("</details>");
    }

    /// <summary>The figure with its interquartile-range bands and without, one of them shown (<see cref="SpreadToggle"/>).</summary>
    private string Figure(string stem, string attributes, string? caption)
    {
        string banded = ReportGenerator.WithSpread(stem);
        var svg = ReadSvg(stem);
        var links = $"<a href=\"{FigurePath(stem, "png")}\">PNG</a>, <a href=\"{FigurePath(stem, "svg")}\">SVG</a>; " +
                    $"with bands: <a href=\"{FigurePath(banded, "png")}\">PNG</a>, <a href=\"{FigurePath(banded, "svg")}\">SVG</a>";
        // Never wider than drawn: a two-panel grid enlarged to the page width would set its text larger than the page's.
        var width = SvgWidth().Match(svg) is { Success: true } match ? $" style=\"max-width:{match.Groups[1].Value}px\"" : "";
        return $"<figure {attributes}{width}>\n" +
               $"<div class=\"spread-on\">\n{SvgInlining.Prepare(ReadSvg(banded), $"f{++inlinedFigures}-")}\n</div>\n" +
               $"<div class=\"spread-off\">\n{SvgInlining.Prepare(svg, $"f{++inlinedFigures}-")}\n</div>\n" +
               $"<figcaption>{(caption is null ? "" : E(caption) + " ")}({links})</figcaption></figure>";
    }

    private string ReadSvg(string stem) => File.ReadAllText(Path.Combine(result.SweepFolder, ReportGenerator.FiguresFolderName, stem + ".svg"));

    private static string FigurePath(string stem, string extension) => $"{ReportGenerator.FiguresFolderName}/{stem}.{extension}";

    private static void Table(StringBuilder html, TextTable table, string? cssClass = null)
    {
        html.Append("<div class=\"scroll\"><table").Append(cssClass is null ? "" : $" class=\"{cssClass}\"").Append("><thead><tr>")
            .AppendJoin("", table.Columns.Select(c => $"<th>{E(c)}</th>")).AppendLine("</tr></thead><tbody>");
        foreach (var row in table.Rows)
            html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).AppendLine("</tr>");
        html.AppendLine("</tbody></table></div>");
    }

    private static string E(string value) => HtmlText.Encode(value);

    // The root element's width attribute (ScottPlot and PanelGrid both write one).
    [GeneratedRegex("<svg\\b[^>]*?\\swidth=\"(\\d+)\"")]
    private static partial Regex SvgWidth();
}
