using System.Globalization;
using ActorPipeline.Host.Reports;
using ScottPlot;

namespace ActorPipeline.Host.Comparison;

/// <summary>
/// The two sweeps' figures overlaid. Figure 1 through the report's renderer (a curve per problem and sweep). Figure 2 per
/// metric: a panel per problem both ran, with a few IMP iterations both reached (the first, the middle, the last), sweep A
/// with filled circles and sweep B with open squares on a lighter line, in the iteration's colour, each with its interquartile
/// range as a light band. (Not dashed: the SVG export drops dash patterns.)
/// </summary>
public static class ComparisonFigures
{
    public const int PanelWidth = 520;
    private const int PanelHeight = 380;
    private const double BandOpacity = 0.12;

    public static string Figure1(IReadOnlyList<AccuracyCurve> a, IReadOnlyList<AccuracyCurve> b, string labelA, string labelB, FractionScale scale) =>
        Figure1Renderer.Svg([.. a.Select(c => c with { Problem = $"{ProblemNames.Display(c.Problem)} ({labelA})" }),
            .. b.Select(c => c with { Problem = $"{ProblemNames.Display(c.Problem)} ({labelB})" })], scale, spread: true);

    /// <returns>The SVG, or null when the sweeps share no value of <paramref name="metric"/>.</returns>
    public static string? Figure2(IReadOnlyList<LayerDifference> differences, string metric, string labelA, string labelB)
    {
        var rows = differences.Where(d => d.Metric == metric).ToList();
        if (rows.Count == 0) return null;
        var iterations = rows.Select(d => d.Iteration).Distinct().Order().ToList();
        var shown = new[] { iterations[0], iterations[iterations.Count / 2], iterations[^1] }.Distinct().ToList();
        var colors = new IterationColors(shown.Min(), shown.Max());
        var (bottom, top) = SimilarityAxis.Range(rows.SelectMany(d => new[] { d.A.LowerQuartile, d.A.UpperQuartile, d.B.LowerQuartile, d.B.UpperQuartile, d.A.Value, d.B.Value }));
        var panels = rows.GroupBy(d => d.Problem).OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(problem => new GridPanel(problem.Key, Panel(problem.Key, problem.ToList(), shown, colors, metric, labelA, labelB, bottom, top)))
            .ToList();
        return PanelGrid.Svg($"{labelA}: circles, {labelB}: squares", panels, PanelWidth, PanelHeight, side: null, sideWidth: 0);
    }

    private static Plot Panel(string problem, IReadOnlyList<LayerDifference> rows, IReadOnlyList<int> iterations, IterationColors colors, string metric,
        string labelA, string labelB, double bottom, double top)
    {
        var plot = new Plot();
        var layers = rows.Select(r => (r.LayerIndex, r.Layer)).Distinct().OrderBy(l => l.LayerIndex).Select(l => l.Layer).ToList();
        foreach (var iteration in iterations)
        {
            var points = rows.Where(r => r.Iteration == iteration).OrderBy(r => r.LayerIndex).ToList();
            if (points.Count == 0) continue;
            var xs = points.Select(p => (double)layers.IndexOf(p.Layer)).ToArray();
            foreach (var (side, label, marker) in new[] { (true, labelA, MarkerShape.FilledCircle), (false, labelB, MarkerShape.OpenSquare) })
            {
                var medians = points.Select(p => side ? p.A : p.B).ToList();
                SpreadBand.Add(plot, xs, medians.Select(m => m.LowerQuartile).ToArray(), medians.Select(m => m.UpperQuartile).ToArray(), colors.Of(iteration), BandOpacity);
                var line = plot.Add.Scatter(xs, medians.Select(m => m.Value).ToArray(), side ? colors.Of(iteration) : colors.Of(iteration).WithAlpha(0.6));
                line.MarkerShape = marker;
                line.LineWidth = side ? 2 : 1.5f;
                line.MarkerSize = side ? 6 : 8;
                line.LegendText = $"{label}, iteration {iteration.ToString(CultureInfo.InvariantCulture)}";
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, layers.Count).Select(i => (double)i).ToArray(), layers.ToArray());
        plot.Title(ProblemNames.Display(problem), 16);
        plot.XLabel(Figure2Renderer.XAxisLabel, 13);
        plot.YLabel(MetricNames.Short(metric), 13);
        plot.Axes.SetLimits(-0.3, Math.Max(layers.Count - 1, 0) + 0.3, bottom, top);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }
}
