using System.Globalization;

namespace ActorPipeline.Actors.Progress;

/// <summary>
/// A duration as a person writes it, to its two largest units: "45 s", "32 min", "5 h 10 min", "3 d 4 h" (an ETA of
/// days reads at a glance; `0.00:32:22` does not). Rounded to the smaller unit shown.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "a duration to show cannot be negative");
        var seconds = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);
        if (seconds < 60) return $"{seconds} s";
        var minutes = (long)Math.Round(duration.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes < 60) return $"{minutes} min";
        if (minutes < 24 * 60) return Two(minutes / 60, "h", minutes % 60, "min");
        var hours = (long)Math.Round(duration.TotalHours, MidpointRounding.AwayFromZero);
        return Two(hours / 24, "d", hours % 24, "h");
    }

    private static string Two(long large, string largeUnit, long small, string smallUnit) =>
        small == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{large} {largeUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{large} {largeUnit} {small} {smallUnit}");
}
