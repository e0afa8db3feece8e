using System.Text.Json;
using ActorPipeline.Host.Planning;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Comparison;

/// <summary>A plan setting whose value differs between two sweeps (as sweep.json holds it, nested keys joined with '.').</summary>
public sealed record SettingDifference(string Setting, string A, string B)
{
    /// <summary>
    /// Where and how a sweep ran, not what it computes: these never make a difference worth reading (the data is compared
    /// by its md5, not its path).
    /// </summary>
    public static readonly IReadOnlySet<string> RunSettings = new HashSet<string>(StringComparer.Ordinal)
    {
        "devices", "slots_per_device", "data", "output", "max_retries", "journal_outage_limit", "persistence",
    };

    /// <summary>The plan settings that differ, and only those, in the config's order; the data's md5 first when it differs.</summary>
    public static IReadOnlyList<SettingDifference> Between(SweepManifest a, SweepManifest b)
    {
        var differences = new List<SettingDifference>();
        if (a.DataChecksum != b.DataChecksum) differences.Add(new SettingDifference("data md5", a.DataChecksum, b.DataChecksum));
        var left = Flatten(JsonSerializer.SerializeToElement(a.Config, SettingText.Json));
        var right = Flatten(JsonSerializer.SerializeToElement(b.Config, SettingText.Json));
        foreach (var key in left.Keys.Concat(right.Keys.Where(k => !left.ContainsKey(k))))
        {
            if (RunSettings.Contains(key.Split('.')[0])) continue;
            var (x, y) = (left.GetValueOrDefault(key, "(not set)"), right.GetValueOrDefault(key, "(not set)"));
            if (x != y) differences.Add(new SettingDifference(key, x, y));
        }
        return differences;
    }

    private static Dictionary<string, string> Flatten(JsonElement settings) =>
        SettingText.Leaves(settings).ToDictionary(leaf => string.Join('.', leaf.Path), leaf => leaf.Value, StringComparer.Ordinal);
}
