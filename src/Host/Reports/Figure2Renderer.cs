using System.Globalization;
using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Figure 2 as in the paper: for one metric, a panel per problem with the median similarity of each layer
/// (network order) to the unpruned network, one curve per IMP iteration, light (first) to dark (last), optionally with
/// its interquartile range over the repetitions as a band. The panels share the y range and the colour scale, drawn once
/// on the right.
/// </summary>
public static class Figure2Renderer
{
    public const int PanelWidth = 480;
    public const int PanelHeight = 370;
    public const int ScaleWidth = 100;

    public const string XAxisLabel = "Layer (input → output)";

    /// <summary>More layers than this and their names are set at an angle, so that they do not run into each other.</summary>
    private const int MaxUprightLayerNames = 6;

    private const float TickFontSize = 14;

    /// <summary>Lighter than figure 1's: a panel holds a band per IMP iteration, up to 20 over each other.</summary>
    private const double BandOpacity = 0.12;
    private const float AxisLabelFontSize = 15;

    /// <summary>The seed baselines' range: grey, so it never reads as an iteration's band.</summary>
    private static readonly Color SeedBaselineColor = Colors.Gray;
    private const double SeedBaselineOpacity = 0.3;

    /// <param name="spread">Draw each curve's interquartile range over the repetitions as a band beneath it (the axes are the same either way).</param>
    public static void Draw(SimilarityGrid grid, string pathWithoutExtension, bool spread = false)
    {
        var figure = Compose(grid, spread);
        PanelGrid.Save(figure.Title, figure.Panels, PanelWidth, PanelHeight, figure.Scale, ScaleWidth, pathWithoutExtension);
    }

    /// <summary>The same figure as SVG text (the live page).</summary>
    public static string Svg(SimilarityGrid grid, bool spread = false)
    {
        var figure = Compose(grid, spread);
        return PanelGrid.Svg(figure.Title, figure.Panels, PanelWidth, PanelHeight, figure.Scale, ScaleWidth);
    }

    private sealed record ComposedGrid(string Title, IReadOnlyList<GridPanel> Panels, Plot Scale);

    private static ComposedGrid Compose(SimilarityGrid grid, bool spread)
    {
        // the bands count in the range with or without them drawn, so that showing them does not move the axes
        var (bottom, top) = SimilarityAxis.Range(grid.Panels.SelectMany(p => p.Curves).SelectMany(c => c.Points).SelectMany(p => new[] { p.Value, p.LowerQuartile, p.UpperQuartile })
            .Concat(grid.Panels.SelectMany(p => p.SeedBaseline).SelectMany(r => new[] { r.Low, r.High })));
        var iterations = grid.Panels.SelectMany(p => p.Curves).Select(c => c.Iteration).DefaultIfEmpty(1).ToList();
        var colors = new IterationColors(iterations.Min(), iterations.Max());
        var angled = grid.Panels.Max(p => p.Layers.Count) > MaxUprightLayerNames;
        var panels = grid.Panels
            .Select(panel => new GridPanel(panel.Problem, Panel(panel, grid.Metric, colors, bottom, top, angled, spread)))
            .ToList();
        return new ComposedGrid(MetricNames.Statistic(grid.Metric), panels, ColorScale(colors, iterations));
    }

    private static Plot Panel(SimilarityFigureData figure, string metric, IterationColors colors, double bottom, double top, bool angled, bool spread)
    {
        var plot = new Plot();
        // the seed noise floor beneath everything, in both variants: it is not a spread of the medians but a reference
        if (figure.SeedBaseline.Count > 0)
            SpreadBand.Add(plot, figure.SeedBaseline.Select(r => (double)r.Position).ToArray(), figure.SeedBaseline.Select(r => r.Low).ToArray(),
                figure.SeedBaseline.Select(r => r.High).ToArray(), SeedBaselineColor, SeedBaselineOpacity);
        if (spread)
            foreach (var curve in figure.Curves)
                SpreadBand.Add(plot, curve.Points.Select(p => (double)p.Position).ToArray(), curve.Points.Select(p => p.LowerQuartile).ToArray(),
                    curve.Points.Select(p => p.UpperQuartile).ToArray(), colors.Of(curve.Iteration), BandOpacity);
        foreach (var curve in figure.Curves)
        {
            var line = plot.Add.Scatter(
                curve.Points.Select(p => (double)p.Position).ToArray(), curve.Points.Select(p => p.Value).ToArray(), colors.Of(curve.Iteration));
            line.LineWidth = 1.5f;
            line.MarkerSize = 4;
            // A point fewer repetitions reached than were planned (collapsed layers, failed or running repetitions) says on how many it rests.
            foreach (var point in figure.CountLabels(curve))
            {
                var label = plot.Add.Text($"n={point.Repetitions}", point.Position, point.Value);
                label.LabelFontSize = 11;
                label.LabelFontColor = colors.Of(curve.Iteration);
                label.LabelAlignment = Alignment.LowerLeft;
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, figure.Layers.Count).Select(i => (double)i).ToArray(), figure.Layers.ToArray());
        if (angled)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickFontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickFontSize;
        plot.Title(ProblemNames.Display(figure.Problem), 18);
        plot.XLabel(XAxisLabel, AxisLabelFontSize);
        plot.YLabel(MetricNames.Short(metric), AxisLabelFontSize);
        plot.Axes.SetLimits(-0.3, Math.Max(figure.Layers.Count - 1, 0) + 0.3, bottom, top);
        // ScottPlot underestimates angled tick labels; reserve their room, the same in every panel so the rows line up.
        plot.Axes.Bottom.MinimumSize = angled ? 78 : 50;
        plot.Axes.Left.MinimumSize = 66;
        plot.Axes.Right.MinimumSize = 12;
        return plot;
    }

    /// <summary>A strip holding only the colour bar (IMP iteration), beside the panels.</summary>
    internal static Plot ColorScale(IterationColors colors, IReadOnlyList<int> iterations)
    {
        var plot = new Plot();
        var bar = plot.Add.ColorBar(colors, Edge.Right);
        bar.Label = "IMP iteration";
        bar.Width = 16;
        bar.Axis.Label.FontSize = AxisLabelFontSize;
        bar.Axis.TickLabelStyle.FontSize = TickFontSize;
        var ticks = IterationTicks(iterations);
        bar.Axis.SetTicks(ticks.Select(t => (double)t).ToArray(), ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.HideGrid();
        plot.Axes.Frameless();
        plot.Axes.Left.IsVisible = false;
        plot.Axes.Bottom.IsVisible = false;
        // The bar is as tall as the data area: leave room for a panel's title above and its axis below.
        plot.Layout.Fixed(new PixelPadding(left: 0, right: ScaleWidth - 8, bottom: 110, top: 45));
        return plot;
    }

    // Integer ticks only, at most ~10 of them.
    private static List<int> IterationTicks(IReadOnlyList<int> iterations)
    {
        var (first, last) = (iterations.Min(), iterations.Max());
        var step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 10.0));
        var ticks = new List<int>();
        for (int t = first; t <= last; t += step)
            ticks.Add(t);
        // Always label the last iteration, in place of the tick before it (closer than a step, the two labels would touch).
        if (ticks[^1] != last)
        {
            if (ticks.Count > 1)
                ticks[^1] = last;
            else
                ticks.Add(last);
        }
        return ticks;
    }
}
