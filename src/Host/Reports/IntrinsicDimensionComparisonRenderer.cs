using System.Globalization;
using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Intrinsic dimension change beside similarity: a panel per problem, each (layer, pruned iteration) one point at its
/// median change of intrinsic dimension (x, pruned minus dense) and its median similarity to the dense network (y),
/// coloured by IMP iteration as in Figure 2, Spearman's ρ in the panel's title.
/// </summary>
public static class IntrinsicDimensionComparisonRenderer
{
    public const string XAxisLabel = "Δ intrinsic dimension (pruned − dense)";
    private const float AxisLabelFontSize = 15;
    private const float TickFontSize = 14;

    public static void Draw(IReadOnlyList<IntrinsicDimensionComparison> comparisons, string pathWithoutExtension)
    {
        var iterations = comparisons.SelectMany(c => c.Points).Select(p => p.Iteration).DefaultIfEmpty(1).ToList();
        var colors = new IterationColors(iterations.Min(), iterations.Max());
        var panels = comparisons.Select(c => new GridPanel(c.Problem, Panel(c, colors))).ToList();
        var metric = comparisons.Select(c => c.Metric).FirstOrDefault() ?? "";
        PanelGrid.Save($"Intrinsic dimension change vs {MetricNames.Short(metric)} (medians over repetitions)",
            panels, Figure2Renderer.PanelWidth, Figure2Renderer.PanelHeight, Figure2Renderer.ColorScale(colors, iterations), Figure2Renderer.ScaleWidth, pathWithoutExtension);
    }

    /// <summary>"ρ = 0.42 (n = 12)", or why ρ is undefined.</summary>
    public static string Describe(IntrinsicDimensionComparison comparison) => comparison.Spearman is { } rho
        ? string.Create(CultureInfo.InvariantCulture, $"Spearman ρ = {rho:0.00} (n = {comparison.Points.Count})")
        : $"Spearman ρ undefined (n = {comparison.Points.Count}: too few points or a constant side)";

    private static Plot Panel(IntrinsicDimensionComparison comparison, IterationColors colors)
    {
        var plot = new Plot();
        foreach (var iteration in comparison.Points.GroupBy(p => p.Iteration))
        {
            var points = plot.Add.ScatterPoints(iteration.Select(p => p.IdChange).ToArray(), iteration.Select(p => p.Similarity).ToArray(), colors.Of(iteration.Key));
            points.MarkerSize = 7;
        }
        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Gray.WithAlpha(0.6);
        zero.LinePattern = LinePattern.Dashed;
        plot.Title($"{ProblemNames.Display(comparison.Problem)}: {Describe(comparison)}", 15);
        plot.XLabel(XAxisLabel, AxisLabelFontSize);
        plot.YLabel(MetricNames.Short(comparison.Metric), AxisLabelFontSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickFontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickFontSize;
        plot.Axes.Bottom.MinimumSize = 50;
        plot.Axes.Left.MinimumSize = 66;
        plot.Axes.Right.MinimumSize = 12;
        return plot;
    }
}
