namespace ActorPipeline.Actors.Plans;

/// <summary>
/// Paths in messages are relative to the sweep root (the sweep folder, the artifact folder's parent), so each node
/// resolves them against its own mount of the shared folder (`worker --sweep-root`).
/// </summary>
public static class SweepPaths
{
    /// <summary>The sweep root of an artifact folder: its parent (a trailing separator names the same folder).</summary>
    public static string Root(string artifactFolder) =>
        Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(artifactFolder)))
        ?? throw new ArgumentException($"The artifact folder {artifactFolder} has no parent folder to be the sweep root.", nameof(artifactFolder));

    /// <summary><paramref name="path"/> (absolute, or relative to the current folder) relative to <paramref name="root"/>, with '/' separators.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, Path.GetFullPath(path)).Replace('\\', '/');

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
