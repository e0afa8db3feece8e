using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>Draws the paper's figures with ScottPlot and saves each as PNG and SVG.</summary>
public static class FigureRenderer
{
    public const int Width = 900;
    public const int Height = 600;

    /// <summary>Curves with more iterations than this get only the colorbar, no legend (it would cover the plot).</summary>
    private const int MaxLegendIterations = 10;

    /// <summary>Figure 1: median test accuracy against overall parameter sparsity, one line per problem.</summary>
    public static void DrawFigure1(IReadOnlyList<AccuracyCurve> curves, string pathWithoutExtension)
    {
        var plot = NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var color = palette.GetColor(i);
            var xs = curve.Points.Select(p => p.OverallSparsityPercent).ToArray();
            var ys = curve.Points.Select(p => p.TestAccuracy).ToArray();
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = curve.Problem;
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.MarkerShape = MarkerShapes[i % MarkerShapes.Length];
            // Each marker is an IMP iteration; label it so the sparsity schedule can be read off the figure
            // (thinned where late iterations crowd together at high sparsity).
            foreach (var point in LabelledPoints(curve.Points))
            {
                var label = plot.Add.Text(point.Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture), point.OverallSparsityPercent, point.TestAccuracy);
                label.LabelFontColor = color;
                label.LabelFontSize = 11;
                if (FigureFont.Sans is { } sans)
                    label.LabelFontName = sans;
                label.LabelAlignment = Alignment.LowerLeft;
                label.OffsetX = 4;
                label.OffsetY = -4;
            }
        }
        plot.Title("Median test accuracy vs. parameter sparsity (labels: IMP iteration)");
        plot.XLabel("Overall parameter sparsity (%)");
        plot.YLabel("Median test accuracy");
        var accuracies = curves.SelectMany(c => c.Points).Select(p => p.TestAccuracy).DefaultIfEmpty(0.5).ToList();
        var (low, high) = (accuracies.Min(), accuracies.Max());
        var pad = Math.Max((high - low) * 0.08, 0.01);
        plot.Axes.SetLimits(-3, 103, Math.Max(0, low - pad), Math.Min(1.0, high + pad) + pad * 0.5);
        plot.ShowLegend(Alignment.LowerLeft);
        Save(plot, pathWithoutExtension);
    }

    /// <summary>Figure 2: median similarity per layer (network order), one curve per IMP iteration, light to dark.</summary>
    public static void DrawFigure2(SimilarityFigureData figure, string pathWithoutExtension)
    {
        var plot = NewPlot();
        var iterations = figure.Curves.Select(c => c.Iteration).ToList();
        var colors = new IterationColors(iterations.DefaultIfEmpty(1).Min(), iterations.DefaultIfEmpty(1).Max());
        foreach (var curve in figure.Curves)
        {
            var line = plot.Add.Scatter(
                curve.Points.Select(p => (double)p.Position).ToArray(), curve.Points.Select(p => p.Value).ToArray(), colors.Of(curve.Iteration));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            if (figure.Curves.Count <= MaxLegendIterations)
                line.LegendText = $"iteration {curve.Iteration}";
        }

        var colorBar = plot.Add.ColorBar(colors, Edge.Right);
        colorBar.Label = "IMP iteration";
        var ticks = IterationTicks(iterations);
        colorBar.Axis.SetTicks(ticks.Select(t => (double)t).ToArray(), ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, figure.Layers.Count).Select(i => (double)i).ToArray(), figure.Layers.ToArray());
        plot.Title($"{figure.Problem}: median {MetricLabel(figure.Metric)} of each layer with the dense network");
        plot.XLabel("Layer (network order)");
        plot.YLabel($"Median {MetricLabel(figure.Metric)}");

        var values = figure.Curves.SelectMany(c => c.Points).Select(p => p.Value).DefaultIfEmpty(0).ToList();
        var (low, high) = (values.Min(), values.Max());
        // Similarity indices live in [0, 1]: end the axis at 1 and start it at the tenth below the lowest value,
        // so the spread between iterations stays readable.
        if (low >= 0 && high <= 1)
            (low, high) = (Math.Max(0, Math.Floor((low - 0.02) * 10) / 10), 1);
        var pad = Math.Max((high - low) * 0.04, 0.01);
        plot.Axes.SetLimits(-0.3, Math.Max(figure.Layers.Count - 1, 0) + 0.3, low - pad, high + pad);
        if (figure.Curves.Count <= MaxLegendIterations)
            plot.ShowLegend(Alignment.LowerLeft);
        Save(plot, pathWithoutExtension);
    }

    /// <summary>Figure 1 labels at least this far apart on the sparsity axis (percentage points); the last iteration always.</summary>
    private const double MinLabelSpacing = 3.5;

    private static IEnumerable<AccuracyPoint> LabelledPoints(IReadOnlyList<AccuracyPoint> points)
    {
        var labelled = new List<AccuracyPoint>();
        double? previous = null;
        for (int i = points.Count - 1; i >= 0; i--)
        {
            if (previous is null || previous.Value - points[i].OverallSparsityPercent >= MinLabelSpacing)
            {
                labelled.Add(points[i]);
                previous = points[i].OverallSparsityPercent;
            }
        }
        return labelled;
    }

    /// <summary>How a metric column is named on axes and in titles.</summary>
    public static string MetricLabel(string metric) => metric switch
    {
        "svcca" => "SVCCA similarity",
        "svcca_google_mean" => "SVCCA (mean CCA, Google)",
        "cca" => "mean CCA",
        "pwcca" => "PWCCA",
        "cka" => "linear CKA",
        "nbs" => "NBS",
        _ => metric,
    };

    private static readonly MarkerShape[] MarkerShapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown];

    // Integer ticks only, at most ~10 of them.
    private static List<int> IterationTicks(IReadOnlyList<int> iterations)
    {
        if (iterations.Count == 0)
            return [];
        var (first, last) = (iterations.Min(), iterations.Max());
        var step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 10.0));
        var ticks = new List<int>();
        for (int t = first; t <= last; t += step)
            ticks.Add(t);
        if (ticks[^1] != last)
            ticks.Add(last);
        return ticks;
    }

    private static Plot NewPlot() => new();

    private static void Save(Plot plot, string pathWithoutExtension)
    {
        // Set last: it restyles the labels that exist at this point.
        if (FigureFont.Sans is { } sans)
            plot.Font.Set(sans);
        plot.SavePng(pathWithoutExtension + ".png", Width, Height);
        plot.SaveSvg(pathWithoutExtension + ".svg", Width, Height);
        AddViewBox(pathWithoutExtension + ".svg");
    }

    // ScottPlot writes only width and height; a viewBox lets the SVG scale (inlined in report.html, or in a browser).
    private static void AddViewBox(string svgPath)
    {
        var svg = File.ReadAllText(svgPath);
        var start = svg.IndexOf("<svg ", StringComparison.Ordinal);
        if (start < 0 || svg.IndexOf("viewBox", start, Math.Min(400, svg.Length - start), StringComparison.Ordinal) >= 0)
            return;
        File.WriteAllText(svgPath, svg.Insert(start + "<svg ".Length, $"viewBox=\"0 0 {Width} {Height}\" "));
    }
}
