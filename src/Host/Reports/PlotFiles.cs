using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>Saves a finished ScottPlot figure as PNG and as a scalable SVG, in the report's sans-serif font.</summary>
internal static class PlotFiles
{
    public static void Save(Plot plot, string pathWithoutExtension, int width, int height)
    {
        UseReportFont(plot);
        plot.SavePng(pathWithoutExtension + ".png", width, height);
        File.WriteAllText(pathWithoutExtension + ".svg", WithViewBox(plot.GetSvgXml(width, height), width, height));
    }

    public static string Svg(Plot plot, int width, int height)
    {
        UseReportFont(plot);
        return WithViewBox(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>Call when the plot is complete: it restyles only the labels that exist at this point.</summary>
    public static void UseReportFont(Plot plot)
    {
        if (FigureFont.Sans is { } sans)
            plot.Font.Set(sans);
    }

    /// <summary>ScottPlot writes only width and height; a viewBox lets the SVG scale (inlined in report.html, or in a browser).</summary>
    public static string WithViewBox(string svg, int width, int height)
    {
        var start = svg.IndexOf("<svg ", StringComparison.Ordinal);
        if (start < 0 || svg.IndexOf("viewBox", start, Math.Min(400, svg.Length - start), StringComparison.Ordinal) >= 0)
            return svg;
        return svg.Insert(start + "<svg ".Length, $"viewBox=\"0 0 {width} {height}\" ");
    }
}
