namespace ActorPipeline.Actors.Plans;

/// <summary>
/// Paths in messages are relative to the sweep root (the sweep folder, the artifact folder's parent), so each node
/// resolves them against its own mount of the shared folder (`worker --sweep-root`).
/// </summary>
public static class SweepPaths
{
    /// <summary>The sweep root of an artifact folder: its parent.</summary>
    public static string Root(string artifactFolder) => Path.GetDirectoryName(Path.GetFullPath(artifactFolder))!;

    /// <summary><paramref name="path"/> (absolute, or relative to the current folder) relative to <paramref name="root"/>, with '/' separators.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, Path.GetFullPath(path)).Replace('\\', '/');

    /// <summary>A relative path of a message on this node. Refuses a path that leaves the root.</summary>
    public static string Resolve(string root, string relative)
    {
        if (Path.IsPathRooted(relative)) throw new ArgumentException($"'{relative}' is absolute; paths in messages are relative to the sweep root.", nameof(relative));
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
            throw new ArgumentException($"'{relative}' leaves the sweep root {root}.", nameof(relative));
        return full;
    }
}
