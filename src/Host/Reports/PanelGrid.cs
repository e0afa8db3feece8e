using System.Globalization;
using System.Security;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace ActorPipeline.Host.Reports;

/// <summary>A finished panel of a grid figure and the name it is marked with in the SVG (data-panel).</summary>
internal sealed record GridPanel(string Name, Plot Plot);

/// <summary>
/// Lays panels out as one figure under one title, row by row, with an optional strip on the right that spans
/// all rows (a shared colour scale), and saves it as PNG and as SVG (each panel a nested
/// &lt;svg class="panel" data-panel="…"&gt;). ScottPlot's own multiplot saves only PNG.
/// </summary>
internal static class PanelGrid
{
    public const int TitleHeight = 52;
    private const float TitleFontSize = 21;
    private const float MinimumTitleFontSize = 11;
    private const float TitleMargin = 16;

    /// <summary>Columns and rows for a number of panels: at most three side by side, four as two by two.</summary>
    public static (int Columns, int Rows) Shape(int panels) => panels switch
    {
        <= 0 => (1, 1),
        <= 3 => (panels, 1),
        4 => (2, 2),
        _ => (3, (panels + 2) / 3),
    };

    public static void Save(string title, IReadOnlyList<GridPanel> panels, int panelWidth, int panelHeight, Plot? side, int sideWidth, string pathWithoutExtension)
    {
        var layout = Layout(title, panels, panelWidth, panelHeight, side, sideWidth);
        SavePng(layout, pathWithoutExtension + ".png");
        File.WriteAllText(pathWithoutExtension + ".svg", Svg(layout));
    }

    /// <summary>The figure as SVG text only (the live page draws with the report's renderers, without files).</summary>
    public static string Svg(string title, IReadOnlyList<GridPanel> panels, int panelWidth, int panelHeight, Plot? side, int sideWidth) =>
        Svg(Layout(title, panels, panelWidth, panelHeight, side, sideWidth));

    private sealed record GridLayout(string Title, float TitleSize, IReadOnlyList<Cell> Cells, int Width, int Height);

    private static GridLayout Layout(string title, IReadOnlyList<GridPanel> panels, int panelWidth, int panelHeight, Plot? side, int sideWidth)
    {
        var (columns, rows) = Shape(panels.Count);
        var cells = panels.Select((panel, i) => new Cell(panel.Name, panel.Plot, IsPanel: true, i % columns * panelWidth, TitleHeight + i / columns * panelHeight, panelWidth, panelHeight)).ToList();
        int width = columns * panelWidth;
        if (side is not null)
        {
            cells.Add(new Cell("", side, IsPanel: false, width, TitleHeight, sideWidth, rows * panelHeight));
            width += sideWidth;
        }
        int height = TitleHeight + rows * panelHeight;
        foreach (var cell in cells)
            PlotFiles.UseReportFont(cell.Plot);
        return new GridLayout(title, TitleFontSizeFor(title, width), cells, width, height);
    }

    private sealed record Cell(string Name, Plot Plot, bool IsPanel, int X, int Y, int Width, int Height);

    private static float TitleBaseline => TitleHeight * 0.62f;

    /// <summary>The title's size: the usual one, or smaller so that it fits the figure (one narrow panel and a long statistic's name).</summary>
    public static float TitleFontSizeFor(string title, int width)
    {
        using var typeface = SKTypeface.FromFamilyName(FigureFont.Sans, SKFontStyle.Bold);
        using var font = new SKFont(typeface, TitleFontSize);
        float measured = font.MeasureText(title);
        float available = width - 2 * TitleMargin;
        return measured <= available ? TitleFontSize : Math.Max(MinimumTitleFontSize, (float)Math.Floor(TitleFontSize * available / measured * 10) / 10);
    }

    private static void SavePng(GridLayout layout, string path)
    {
        var (title, titleSize, cells, width, height) = (layout.Title, layout.TitleSize, layout.Cells, layout.Width, layout.Height);
        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException($"could not allocate a {width}×{height} image for {path}");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var typeface = SKTypeface.FromFamilyName(FigureFont.Sans, SKFontStyle.Bold))
        using (var font = new SKFont(typeface, titleSize))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            canvas.DrawText(title, width / 2f, TitleBaseline, SKTextAlign.Center, font, paint);
        foreach (var cell in cells)
        {
            // ScottPlot clears the whole canvas before drawing: confine each panel to its cell.
            canvas.Save();
            canvas.ClipRect(SKRect.Create(cell.X, cell.Y, cell.Width, cell.Height));
            canvas.Translate(cell.X, cell.Y);
            cell.Plot.Render(canvas, cell.Width, cell.Height);
            canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }

    private static string Svg(GridLayout layout)
    {
        var (title, titleSize, cells, width, height) = (layout.Title, layout.TitleSize, layout.Cells, layout.Width, layout.Height);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect fill=\"white\" width=\"{width}\" height=\"{height}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{width / 2}\" y=\"{TitleBaseline}\" text-anchor=\"middle\" font-family=\"{FigureFont.Sans ?? "sans-serif"}, sans-serif\" font-size=\"{titleSize}\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>\n");
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            // Each cell's ids get their own prefix: ScottPlot numbers clip paths per file, so they would collide.
            var content = SvgInlining.Prepare(cell.Plot.GetSvgXml(cell.Width, cell.Height), $"p{i}-");
            var rootEnd = content.IndexOf("<svg", StringComparison.Ordinal) + "<svg".Length;
            var marks = cell.IsPanel ? $"class=\"panel\" data-panel=\"{SecurityElement.Escape(cell.Name)}\"" : "class=\"side\"";
            svg.Append(content.Insert(rootEnd, $" x=\"{cell.X}\" y=\"{cell.Y}\" {marks}")).Append('\n');
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
