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
        // Nested sections (persistence) as rows of their own, so that no cell holds a line of JSON.
        if (manifest.Config is { } config)
            rows.AddRange(SettingText.Leaves(JsonSerializer.SerializeToElement(config, SettingText.Json))
                .Select(leaf => (IReadOnlyList<string>)[$"config: {string.Join(' ', leaf.Path.Select(SettingText.Label))}", leaf.Value]));
        return new TextTable(["setting", "value"], rows);
    }
}
