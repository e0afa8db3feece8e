namespace ActorPipeline.Actors.Plans;

/// <summary>
/// Every conversion of a sweep's paths, so a path has one form in each place: absolute on the node that opens it (Ml,
/// the workers, a report before it leaves and after it arrives); relative to the sweep root (the sweep folder, the
/// artifact folder's parent) in messages between nodes, so each node resolves them against its own mount of the shared
/// folder (`worker --sweep-root`): <see cref="Relative"/> where they leave, <see cref="Resolve"/> where they arrive; and
/// relative to the artifact folder in recorded events (<see cref="InJournal"/>).
/// </summary>
public static class SweepPaths
{
    /// <summary>The sweep root of an artifact folder: its parent (a trailing separator names the same folder).</summary>
    public static string Root(string artifactFolder) =>
        Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(artifactFolder)))
        ?? throw new ArgumentException($"The artifact folder {artifactFolder} has no parent folder to be the sweep root.", nameof(artifactFolder));

    /// <summary><paramref name="path"/> (absolute, or relative to the current folder) relative to <paramref name="root"/>, with '/' separators.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, Path.GetFullPath(path)).Replace('\\', '/');

    /// <summary>
    /// How a recorded event names an artifact: relative to the artifact folder. Journals have held this form from the
    /// start and results.json prints it, so it stays (an old journal and a new one read alike).
    /// </summary>
    public static string InJournal(string artifactFolder, string path) => Relative(artifactFolder, path);

    /// <summary>A relative path of a message on this node (the root itself included). Refuses a path that leaves the root.</summary>
    public static string Resolve(string root, string relative)
    {
        if (Path.IsPathRooted(relative)) throw new ArgumentException($"'{relative}' is absolute; paths in messages are relative to the sweep root.", nameof(relative));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(root, relative)));
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (full != rootFull && !full.StartsWith(rootFull.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{relative}' leaves the sweep root {root}.", nameof(relative));
        return full;
    }
}
