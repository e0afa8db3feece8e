using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Cluster;

/// <summary>
/// `worker --sweep-folder`: the sweep folder itself, as mounted on the worker's machine. The natural mistake is its parent
/// (the folder of all sweeps); the messages here say which subfolder was meant.
/// </summary>
public static class SweepFolderArgument
{
    /// <summary>The full path; the folder must exist (its sweep.json may come later: a worker may start before the coordinator writes it).</summary>
    public static string Resolve(string argument)
    {
        var folder = Path.GetFullPath(argument);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--sweep-folder {folder} does not exist: mount the coordinator's sweep folder (its --out) here and pass its path.");
        return folder;
    }

    /// <summary>Why <paramref name="folder"/> holds no sweep, naming the sweeps one level down when there are any.</summary>
    public static string NoSweepIn(string folder)
    {
        var below = Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Where(d => File.Exists(Path.Combine(d, SweepManifest.FileName))).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];
        string hint = below.Count switch
        {
            0 => "mount the coordinator's sweep folder (a shared filesystem) on this machine and pass its path",
            1 => $"it is the folder above a sweep: pass --sweep-folder {Path.Combine(folder, below[0]!)}",
            _ => $"it is the folder above the sweeps {string.Join(", ", below.Take(5))}{(below.Count > 5 ? ", …" : "")}: pass --sweep-folder with the one the coordinator runs",
        };
        return $"--sweep-folder {folder} holds no {SweepManifest.FileName}: {hint}";
    }
}
