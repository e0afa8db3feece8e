using System.Globalization;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Figure 1's x axis: where a fraction of parameters remaining is drawn (the fraction itself, or its log10),
/// the axis limits (dense side first) and ticks labelled with fractions whatever the scale.
/// </summary>
internal sealed class FractionAxis
{
    // log10 needs a positive fraction; a network with nothing left would be drawn at this floor.
    private const double Floor = 1e-4;
    private readonly FractionScale scale;
    private readonly double smallest;

    public FractionAxis(FractionScale scale, IEnumerable<double> fractions)
    {
        this.scale = scale;
        smallest = Math.Clamp(fractions.DefaultIfEmpty(1).Min(), Floor, 1);
        var span = Math.Max(Position(1) - Position(smallest), scale == FractionScale.Log ? 0.1 : 0.05);
        Left = Position(1) + span * 0.04;
        Right = Position(1) - span * 1.06;
    }

    /// <summary>The dense end (fraction 1), drawn on the left.</summary>
    public double Left { get; }

    public double Right { get; }

    public double Position(double fraction) =>
        scale == FractionScale.Log ? Math.Log10(Math.Max(fraction, Floor)) : fraction;

    public (double[] Positions, string[] Labels) Ticks()
    {
        var (fractions, format) = scale == FractionScale.Log ? (LogTicks(), "0.####") : LinearTicks();
        return (fractions.Select(Position).ToArray(), fractions.Select(f => f.ToString(format, CultureInfo.InvariantCulture)).ToArray());
    }

    // Every 0.1 (1.0, 0.9, …), finer when little is pruned so that a short sweep still gets a few ticks; the
    // labels carry the decimals of the step.
    private (List<double> Fractions, string Format) LinearTicks()
    {
        var range = 1 - smallest;
        var step = range > 0.5 ? 0.1 : range > 0.2 ? 0.05 : range > 0.08 ? 0.02 : 0.01;
        var ticks = new List<double>();
        for (int k = 0; Math.Round(1 - k * step, 4) is var tick && tick >= Math.Max(Right, 0) - 1e-9; k++)
            ticks.Add(tick);
        return (ticks, step < 0.1 ? "F2" : "F1");
    }

    // 1, 0.5, 0.2, 0.1, 0.05, … per decade; every 0.1 when the fractions stay within one decade.
    private List<double> LogTicks()
    {
        double[] mantissas = smallest > 0.3 ? [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3] : [1, 0.5, 0.2];
        var ticks = new List<double>();
        for (double decade = 1; decade >= Floor && Position(decade) >= Right; decade /= 10)
            ticks.AddRange(mantissas.Select(m => Math.Round(m * decade, 6)).Where(tick => tick >= Floor && Position(tick) >= Right));
        return ticks.Distinct().ToList();
    }
}
