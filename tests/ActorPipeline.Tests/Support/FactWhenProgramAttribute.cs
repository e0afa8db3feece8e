namespace ActorPipeline.Tests.Support;

/// <summary>
/// A fact that is skipped (with the reason shown), not passed silently, when <c>program</c> is not on the PATH:
/// a test that compares against an outside tool (python3 for bench/pytorch_reference.py) proves nothing without it.
/// </summary>
internal sealed class FactWhenProgramAttribute : FactAttribute
{
    public FactWhenProgramAttribute(string program)
    {
        if (!OnPath(program))
            Skip = $"needs {program} on the PATH: not found in {Environment.GetEnvironmentVariable("PATH")}";
    }

    /// <summary>Whether an executable file named <paramref name="program"/> is in a folder of the PATH.</summary>
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .Any(file => File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0));
}
