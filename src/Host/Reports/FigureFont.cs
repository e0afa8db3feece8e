using SkiaSharp;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// The sans-serif family the figures are set in. ScottPlot's own choice resolves to a serif face on typical
/// Linux installs (DejaVu Serif), so look for a common sans family that is really installed.
/// </summary>
internal static class FigureFont
{
    private static readonly string[] Candidates = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    /// <summary>The first installed candidate, or null to keep ScottPlot's default.</summary>
    public static string? Sans { get; } = Candidates.FirstOrDefault(IsInstalled);

    private static bool IsInstalled(string family)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family);
        return typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase);
    }
}
