using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>A curve's interquartile range drawn as a translucent band in its colour, beneath the curve; a lone point gets a whisker.</summary>
internal static class SpreadBand
{
    public static void Add(Plot plot, double[] xs, double[] lower, double[] upper, Color color, double opacity)
    {
        if (xs.Length == 0) return;
        if (xs.Length == 1)
        {
            var whisker = plot.Add.Line(xs[0], lower[0], xs[0], upper[0]);
            whisker.Color = color.WithAlpha(Math.Min(1, 3 * opacity));
            whisker.LineWidth = 3;
            return;
        }
        var band = plot.Add.FillY(xs, lower, upper);
        band.FillColor = color.WithAlpha(opacity);
        band.LineWidth = 0;
    }
}
