using System.Text.RegularExpressions;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Prepares an SVG file for inlining into an HTML page that holds several of them: drops the XML declaration
/// (not allowed inside HTML) and prefixes every id and its references, since ScottPlot numbers its clip paths
/// and images per file and equal ids across figures would make one figure clip with another's rectangle.
/// </summary>
internal static partial class SvgInlining
{
    public static string Prepare(string svg, string idPrefix)
    {
        if (svg.StartsWith("<?xml", StringComparison.Ordinal))
            svg = svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..];
        svg = IdAttribute().Replace(svg, m => $"id=\"{idPrefix}{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{idPrefix}{m.Groups[1].Value})");
        svg = HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{idPrefix}{m.Groups[2].Value}\"");
        return svg.Trim();
    }

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("\\b(href|xlink:href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
