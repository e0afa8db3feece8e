using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorPipeline.Actors.Persistence;

/// <summary>`journal_outage_limit`: how long a sweep waits for its journal before it exits (code 4), as "30m", "90s", "2h" or "0" (wait forever).</summary>
public static partial class JournalOutageLimit
{
    public const string Default = "30m";

    public static bool TryParse(string? text, out TimeSpan limit)
    {
        limit = TimeSpan.Zero;
        if (text is null) return false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        double value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        limit = match.Groups[2].Value switch
        {
            "h" => TimeSpan.FromHours(value),
            "m" => TimeSpan.FromMinutes(value),
            "s" => TimeSpan.FromSeconds(value),
            _ when value == 0 => TimeSpan.Zero,
            _ => TimeSpan.FromSeconds(-1),
        };
        return limit >= TimeSpan.Zero;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var limit) ? limit : throw new ArgumentException($"'{text}' is not a duration: use e.g. 30m, 90s, 2h, or 0 to wait forever.");

    public static string Format(TimeSpan limit) => limit == TimeSpan.Zero ? "0 (forever)"
        : limit.TotalHours >= 1 && limit.TotalHours % 1 == 0 ? $"{limit.TotalHours:0}h"
        : limit.TotalMinutes >= 1 && limit.TotalMinutes % 1 == 0 ? $"{limit.TotalMinutes:0}m"
        : $"{limit.TotalSeconds:0.#}s";

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(h|m|s|)$")]
    private static partial Regex Pattern();
}
