namespace ActorPipeline.Tests.Docker;

/// <summary>Files of the repository itself (found by walking up from the test binaries to ActorPipeline.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorPipeline.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no ActorPipeline.sln above {AppContext.BaseDirectory}");
    }
}
