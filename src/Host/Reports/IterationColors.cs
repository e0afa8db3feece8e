using ScottPlot;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Figure 2's sequential colour scale: light for the first IMP iteration, dark for the last (the "Blues" map,
/// without its near-white end so the first curve stays visible). Also the colour axis of the colorbar.
/// </summary>
internal sealed class IterationColors : IHasColorAxis, IColormap
{
    // Blues runs dark (0) to white (1); these are the ends used, light first.
    private const double Lightest = 0.75;
    private const double Darkest = 0.0;
    private static readonly IColormap Blues = new ScottPlot.Colormaps.Blues();
    private readonly int first;
    private readonly int last;

    public IterationColors(int firstIteration, int lastIteration)
    {
        first = firstIteration;
        last = Math.Max(lastIteration, firstIteration);
    }

    public string Name => "Blues (light to dark with iteration)";

    public IColormap Colormap => this;

    /// <summary>The colour of an iteration's curve.</summary>
    public Color Of(int iteration) => GetColor(last == first ? 1 : (iteration - first) / (double)(last - first));

    /// <summary>0 (first iteration) to 1 (last).</summary>
    public Color GetColor(double position) => Blues.GetColor(Lightest + (Darkest - Lightest) * Math.Clamp(position, 0, 1));

    public ScottPlot.Range GetRange() => last == first ? new ScottPlot.Range(first - 0.5, last + 0.5) : new ScottPlot.Range(first, last);
}
