using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Live;

/// <summary>The sweep a live page shows: its folder, its manifest (plan, data), its journal as a person may read it (no password), and what it is compared with.</summary>
public sealed record LiveSweepSource(string Folder, SweepManifest Manifest, string JournalDescription)
{
    /// <summary>A finished sweep the page compares this one with (`--compare`); null: no compare view.</summary>
    public Comparison.ComparedSweep? CompareWith { get; init; }

    /// <summary>The sweep in <paramref name="folder"/> (its sweep.json), with its journal's settings.</summary>
    public static (LiveSweepSource Source, JournalSettings Journal) Load(string folder, string? compareWith = null)
    {
        folder = Path.GetFullPath(folder);
        var manifest = SweepManifest.TryLoad(folder)
                       ?? throw new FileNotFoundException($"{Path.Combine(folder, SweepManifest.FileName)} not found: {folder} is not a sweep folder (the folder `sweep` printed as \"folder\").");
        var journal = JournalSettings.From(manifest.Config.Persistence, folder);
        // Read now: a --compare folder without results is the command's error, not a broken tab later.
        var other = compareWith is null ? null : Comparison.ComparedSweep.FromResults(compareWith, "B");
        return (new LiveSweepSource(folder, manifest, journal.Description) { CompareWith = other }, journal);
    }
}
