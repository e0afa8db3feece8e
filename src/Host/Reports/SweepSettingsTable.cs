using System.Text.Json;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Reports;

/// <summary>The sweep as a whole from sweep.json: its id, data and the config as given (before the per-problem resolution).</summary>
public static class SweepSettingsTable
{
    public static TextTable Build(SweepManifest manifest)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "sweep id", manifest.SweepId },
            new[] { "profile", manifest.Profile ?? "none" },
            new[] { "data", manifest.DataPath },
            new[] { "data md5", manifest.DataChecksum },
        };
        if (manifest.Config is { } config)
            AddSettings(rows, "config:", JsonSerializer.SerializeToElement(config, SettingText.Json));
        return new TextTable(["setting", "value"], rows);
    }

    // Nested sections (persistence) as rows of their own, so that no cell holds a line of JSON.
    private static void AddSettings(List<IReadOnlyList<string>> rows, string prefix, JsonElement settings)
    {
        foreach (var property in settings.EnumerateObject())
        {
            var label = $"{prefix} {SettingText.Label(property.Name)}";
            if (property.Value.ValueKind == JsonValueKind.Object)
                AddSettings(rows, label, property.Value);
            else
                rows.Add(new[] { label, SettingText.Value(property.Value) });
        }
    }
}
