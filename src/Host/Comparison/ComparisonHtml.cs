using System.Globalization;
using System.Text;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Comparison;

/// <summary>
/// compare.html (and the live page's compare view): one self-contained page, no script: the two sweeps, the plan settings
/// that differ, figures 1 and 2 overlaid, and per problem and metric a table of the layers at the deepest IMP iteration both
/// reached, marking where the difference exceeds the spread over repetitions. Every string from a config or a path is escaped.
/// </summary>
public static class ComparisonHtml
{
    private const string Style =
        "body{font-family:system-ui,'DejaVu Sans',sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222;line-height:1.35}" +
        "h1{font-size:1.4em}h2{font-size:1.15em;margin:1.1em 0 .35em;border-bottom:1px solid #ddd}h3{font-size:1em}" +
        "table{border-collapse:collapse;margin:.4em 0;font-size:.86em}th,td{border:1px solid #ccc;padding:.18em .5em;text-align:right}th{background:#f3f3f3}" +
        "th:first-child,td:first-child{text-align:left}td.exceeds{background:#fdecea;font-weight:600}" +
        "ul.settings li{margin:.15em 0}code{background:#f4f4f4;padding:0 .25em}figure{margin:.5em 0}figure svg{display:block;width:100%;height:auto}" +
        "details{margin:.4em 0}summary{cursor:pointer;font-weight:600}.muted{color:#666}table.sweeps td,table.sweeps th{text-align:left}";

    public static string Write(SweepComparison comparison, DateTimeOffset generatedAt)
    {
        var (a, b) = (comparison.A, comparison.B);
        var html = new StringBuilder();
        int figure = 0;
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine($"<title>{E($"Sweep {a.Manifest.SweepId} vs {b.Manifest.SweepId}")}</title><style>{Style}</style></head><body>");
        html.AppendLine($"<h1>{E($"{a.Label}: sweep {a.Manifest.SweepId} vs {b.Label}: sweep {b.Manifest.SweepId}")}</h1>");
        html.AppendLine($"<p class=\"muted\">generated {E(generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC</p>");
        html.AppendLine("<table class=\"sweeps\"><tr><th></th><th>folder</th><th>problems</th><th>repetitions × iterations</th></tr>");
        foreach (var side in new[] { a, b })
        {
            var first = side.Manifest.Plan.Problems[0];
            html.AppendLine($"<tr><td>{E(side.Label)}</td><td>{E(side.Folder)}</td><td>{E(string.Join(", ", side.Manifest.Plan.Problems.Select(p => p.Problem)))}</td><td>{first.Repetitions} × {first.Iterations}</td></tr>");
        }
        html.AppendLine("</table>");

        html.AppendLine("<h2>Plan settings that differ</h2>");
        if (comparison.Settings.Count == 0)
            html.AppendLine("<p id=\"no-settings\">None: the two sweeps ran the same plan (where and how they ran aside).</p>");
        else
        {
            html.AppendLine("<ul class=\"settings\" id=\"settings\">");
            foreach (var setting in comparison.Settings)
                html.AppendLine($"<li data-setting=\"{E(setting.Setting)}\"><code>{E(setting.Setting)}</code>: {E(a.Label)} {E(setting.A)} → {E(b.Label)} {E(setting.B)}</li>");
            html.AppendLine("</ul>");
        }

        html.AppendLine($"<h2>Figure 1: accuracy vs. fraction remaining ({E(string.Join(", ", comparison.CommonProblems.Select(ProblemNames.Display)))})</h2>");
        var curvesA = FigureData.Figure1(comparison.AccuracyA, a.Manifest.Plan.Problems.ToDictionary(p => p.Problem, p => p.Repetitions));
        var curvesB = FigureData.Figure1(comparison.AccuracyB, b.Manifest.Plan.Problems.ToDictionary(p => p.Problem, p => p.Repetitions));
        html.AppendLine($"<figure>{SvgInlining.Prepare(ComparisonFigures.Figure1(curvesA, curvesB, a.Label, b.Label, FractionScale.Linear), $"c{++figure}-")}</figure>");

        foreach (var metric in comparison.Metrics)
        {
            html.AppendLine($"<h2>Figure 2: {E(MetricNames.Statistic(metric))}</h2>");
            if (ComparisonFigures.Figure2(comparison.Layers, metric, a.Label, b.Label) is { } svg)
                // as wide as its panels, not the page: one panel drawn 1200 px wide reads as a poster
                html.AppendLine($"<figure style=\"max-width:{PanelGrid.Shape(comparison.CommonProblems.Count).Columns * ComparisonFigures.PanelWidth}px\">{SvgInlining.Prepare(svg, $"c{++figure}-")}</figure>");
            foreach (var problem in comparison.CommonProblems)
                LayerTable(html, comparison, problem, metric, open: metric == comparison.Metrics[0]);
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void LayerTable(StringBuilder html, SweepComparison comparison, string problem, string metric, bool open)
    {
        if (comparison.LastCommonIteration(problem, metric) is not { } iteration) return;
        var rows = comparison.Layers.Where(l => l.Problem == problem && l.Metric == metric && l.Iteration == iteration).OrderBy(l => l.LayerIndex).ToList();
        var all = comparison.Layers.Where(l => l.Problem == problem && l.Metric == metric).ToList();
        int exceeding = all.Count(l => l.ExceedsSpread);
        html.AppendLine($"<details{(open ? " open" : "")} data-problem=\"{E(problem)}\" data-metric=\"{E(metric)}\"><summary>{E(ProblemNames.Display(problem))}, {E(MetricNames.Short(metric))}: " +
                        $"{exceeding} of {all.Count} layer × iteration medians differ by more than the spread; the layers at iteration {iteration}</summary>");
        html.AppendLine($"<table><tr><th>layer</th><th>{E(comparison.A.Label)} median</th><th>{E(comparison.B.Label)} median</th><th>{E(comparison.B.Label)} − {E(comparison.A.Label)}</th><th>spread (mean IQR)</th><th>n</th></tr>");
        foreach (var row in rows)
            html.AppendLine($"<tr><td>{E(row.Layer)}</td><td>{F(row.A.Value)}</td><td>{F(row.B.Value)}</td><td class=\"{(row.ExceedsSpread ? "exceeds" : "")}\">{F(row.Difference)}</td><td>{F(row.Spread)}</td><td>{row.A.Repetitions} / {row.B.Repetitions}</td></tr>");
        html.AppendLine("</table></details>");
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlText.Encode(text);
}
