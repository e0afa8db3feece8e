using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Live;

/// <summary>The sweep a live page shows: its folder, its manifest (plan, data), and its journal as a person may read it (no password).</summary>
public sealed record LiveSweepSource(string Folder, SweepManifest Manifest, string JournalDescription)
{
    /// <summary>The sweep in <paramref name="folder"/> (its sweep.json), with its journal's settings.</summary>
    public static (LiveSweepSource Source, JournalSettings Journal) Load(string folder)
    {
        folder = Path.GetFullPath(folder);
        var manifest = SweepManifest.TryLoad(folder)
                       ?? throw new FileNotFoundException($"{Path.Combine(folder, SweepManifest.FileName)} not found: {folder} is not a sweep folder (the folder `sweep` printed as \"folder\").");
        var journal = JournalSettings.From(manifest.Config.Persistence, folder);
        return (new LiveSweepSource(folder, manifest, journal.Description), journal);
    }
}
