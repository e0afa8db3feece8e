namespace ActorPipeline.Tests.Data;

/// <summary>
/// The project's shared folder (offline CIFAR-10 copies): <c>ACTORPIPELINE_SHARED</c>, else <c>../shared</c>
/// next to the folder holding ActorPipeline.sln (found by walking up from the test binaries).
/// </summary>
internal static class SharedData
{
    public static string? Folder { get; } = Locate();

    /// <summary>Full path of <paramref name="relative"/> under the shared folder, or null when it is absent.</summary>
    public static string? Find(string relative) =>
        Folder is null ? null : Path.Combine(Folder, relative) is var path && File.Exists(path) ? path : null;

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ACTORPIPELINE_SHARED");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorPipeline.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        return null;
    }
}

/// <summary>A fact that is skipped (with the reason shown) when a file under the shared folder is absent.</summary>
internal sealed class FactWhenSharedFileExistsAttribute : FactAttribute
{
    public FactWhenSharedFileExistsAttribute(string relativePath)
    {
        if (SharedData.Find(relativePath) is null)
            Skip = $"needs {relativePath} under the shared folder ({SharedData.Folder ?? "not found: set ACTORPIPELINE_SHARED"}), which is absent here.";
    }
}
