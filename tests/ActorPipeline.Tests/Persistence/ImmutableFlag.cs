using System.Diagnostics;

namespace ActorPipeline.Tests.Persistence;

/// <summary>Sets or clears a file's (or folder's) immutable flag with chattr.</summary>
internal static class ImmutableFlag
{
    public static bool TrySet(string path, bool immutable)
    {
        var start = new ProcessStartInfo("chattr") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(immutable ? "+i" : "-i");
        start.ArgumentList.Add(path);
        using var chattr = Process.Start(start)!;
        chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        return chattr.ExitCode == 0;
    }

    /// <summary>The flag set until Dispose.</summary>
    public static IDisposable Set(string path)
    {
        Assert.True(TrySet(path, true), $"chattr +i {path} failed");
        return new Cleared(path);
    }

    private sealed class Cleared(string path) : IDisposable
    {
        public void Dispose() => TrySet(path, false);
    }
}
