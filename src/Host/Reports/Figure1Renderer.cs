using System.Globalization;
using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Figure 1 as in the paper: median test accuracy against the fraction of prunable parameters remaining,
/// one line per problem, the dense network at 1.000 on the left and pruning proceeding to the right; optionally each
/// line's interquartile range over the repetitions as a band, and n at the points fewer repetitions reached than planned.
/// </summary>
public static class Figure1Renderer
{
    public const int Width = 900;
    public const int Height = 560;

    public const string XAxisLabel = "Fraction of prunable parameters remaining (dense network = 1.000)";

    private const double BandOpacity = 0.18;

    /// <summary>Iteration labels at least this share of the x axis apart; the last iteration is always labelled.</summary>
    private const double MinLabelSpacing = 0.035;

    private static readonly MarkerShape[] MarkerShapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown];

    /// <param name="spread">Draw each curve's interquartile range over the repetitions as a band beneath it (the axes are the same either way).</param>
    public static void Draw(IReadOnlyList<AccuracyCurve> curves, FractionScale scale, string pathWithoutExtension, bool spread = false) =>
        PlotFiles.Save(Compose(curves, scale, spread), pathWithoutExtension, Width, Height);

    /// <summary>The same figure as SVG text (the live page).</summary>
    public static string Svg(IReadOnlyList<AccuracyCurve> curves, FractionScale scale, bool spread = false) =>
        PlotFiles.Svg(Compose(curves, scale, spread), Width, Height);

    private static Plot Compose(IReadOnlyList<AccuracyCurve> curves, FractionScale scale, bool spread)
    {
        var plot = new Plot();
        var axis = new FractionAxis(scale, curves.SelectMany(c => c.Points).Select(p => p.FractionRemaining));
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var color = palette.GetColor(i);
            if (spread)
                SpreadBand.Add(plot, curve.Points.Select(p => axis.Position(p.FractionRemaining)).ToArray(),
                    curve.Points.Select(p => p.LowerQuartile).ToArray(), curve.Points.Select(p => p.UpperQuartile).ToArray(), color, BandOpacity);
            var line = plot.Add.Scatter(
                curve.Points.Select(p => axis.Position(p.FractionRemaining)).ToArray(), curve.Points.Select(p => p.TestAccuracy).ToArray(), color);
            line.LegendText = ProblemNames.Display(curve.Problem);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.MarkerShape = MarkerShapes[i % MarkerShapes.Length];
            // Each marker is an IMP iteration; label it so the pruning schedule can be read off the figure.
            foreach (var point in LabelledPoints(curve.Points, axis))
            {
                var label = plot.Add.Text(point.Iteration.ToString(CultureInfo.InvariantCulture), axis.Position(point.FractionRemaining), point.TestAccuracy);
                label.LabelFontColor = color;
                label.LabelFontSize = 11;
                if (FigureFont.Sans is { } sans)
                    label.LabelFontName = sans;
                label.LabelAlignment = Alignment.LowerLeft;
                label.OffsetX = 4;
                label.OffsetY = -4;
            }
            // A point fewer repetitions reached than were planned says on how many it rests.
            foreach (var point in curve.Points.Where(curve.ShortOfPlan))
            {
                var count = plot.Add.Text($"n={point.Repetitions}", axis.Position(point.FractionRemaining), point.TestAccuracy);
                count.LabelFontColor = color;
                count.LabelFontSize = 10;
                count.LabelAlignment = Alignment.UpperLeft;
                count.OffsetX = 4;
                count.OffsetY = 4;
            }
        }

        plot.Title(scale == FractionScale.Log
            ? "Median test accuracy vs. fraction of parameters remaining (log scale; labels: IMP iteration)"
            : "Median test accuracy vs. fraction of parameters remaining (labels: IMP iteration)", 15);
        plot.XLabel(XAxisLabel, 14);
        plot.YLabel("Median test accuracy", 14);
        var (ticks, tickLabels) = axis.Ticks();
        plot.Axes.Bottom.SetTicks(ticks, tickLabels);
        // the bands count in the range with or without them drawn, so that showing them does not move the axes
        var accuracies = curves.SelectMany(c => c.Points).SelectMany(p => new[] { p.TestAccuracy, p.LowerQuartile, p.UpperQuartile }).DefaultIfEmpty(0.5).ToList();
        var (low, high) = (accuracies.Min(), accuracies.Max());
        var pad = Math.Max((high - low) * 0.08, 0.01);
        // Left > right: the axis runs from the dense network down, as the paper draws it.
        plot.Axes.SetLimits(axis.Left, axis.Right, Math.Max(0, low - pad), Math.Min(1.0, high + pad) + pad * 0.5);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    private static List<AccuracyPoint> LabelledPoints(IReadOnlyList<AccuracyPoint> points, FractionAxis axis)
    {
        var labelled = new List<AccuracyPoint>();
        double? previous = null;
        var spacing = MinLabelSpacing * Math.Abs(axis.Left - axis.Right);
        for (int i = points.Count - 1; i >= 0; i--)
        {
            var x = axis.Position(points[i].FractionRemaining);
            if (previous is null || Math.Abs(previous.Value - x) >= spacing)
            {
                labelled.Add(points[i]);
                previous = x;
            }
        }
        return labelled;
    }
}
