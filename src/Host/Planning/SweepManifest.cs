using System.Text.Json;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Training;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Actors.Persistence;

namespace ActorPipeline.Host.Planning;

/// <summary>
/// sweep.json in a sweep's folder: what was asked for (config), what it resolved to (plan), where the data
/// and the journal are. `sweep status` and `sweep report` start from it; a folder never holds two sweeps.
/// </summary>
public sealed record SweepManifest(string SweepId, string? Profile, SweepConfig Config, SweepPlan Plan, string DataPath, string DataChecksum)
{
    public const string FileName = "sweep.json";

    /// <summary>When the sweep was first started (kept by every later run); null in a manifest written before it was recorded.</summary>
    public DateTime? StartedAt { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static SweepManifest? TryLoad(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid sweep manifest: {e.Message}");
        }
    }

    public void Save(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The sweep folder named on the command line, or else the most recently started one under runs/.</summary>
    public static string FindFolder(string? folder)
    {
        if (folder is not null)
        {
            if (!File.Exists(Path.Combine(folder, FileName))) throw new DirectoryNotFoundException($"{folder} holds no sweep ({FileName} missing).");
            return folder;
        }
        var latest = Directory.Exists("runs")
            ? new DirectoryInfo("runs").EnumerateDirectories("sweep-*").Where(d => File.Exists(Path.Combine(d.FullName, FileName))).MaxBy(d => d.CreationTimeUtc)
            : null;
        return latest?.FullName ?? throw new DirectoryNotFoundException("No sweep found under runs/; name one with --sweep <folder>.");
    }
}
