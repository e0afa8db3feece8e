namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// Runs where `chattr +i` works (root on ext4 and the like): the one way to make a file unwritable for root, for whom
/// permission bits stop nothing.
/// </summary>
internal sealed class FactWhenImmutableFilesAttribute : FactAttribute
{
    private static readonly Lazy<bool> Supported = new(Probe);

    public FactWhenImmutableFilesAttribute()
    {
        if (!Supported.Value) Skip = "chattr +i does not work here (not root, no chattr, or a file system without the immutable flag).";
    }

    private static bool Probe()
    {
        string probe = Path.Combine(Path.GetTempPath(), $"actorpipeline-chattr-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "");
            if (!ImmutableFlag.TrySet(probe, true)) return false;
            ImmutableFlag.TrySet(probe, false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { }
        }
    }
}
