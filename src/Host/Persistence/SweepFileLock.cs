namespace ActorPipeline.Host.Persistence;

/// <summary>
/// The SQLite journal's sweep lock: an exclusive OS file lock on &lt;sweep folder&gt;/sweep.lock (on Linux .NET takes
/// flock(LOCK_EX|LOCK_NB) for FileShare.None), which the kernel drops when the process ends, however it ends. The
/// holder's details go to sweep.lock.json once the lock is taken; they only describe, the lock decides.
/// </summary>
public static class SweepFileLock
{
    public const string LockFile = "sweep.lock";
    public const string HolderFile = "sweep.lock.json";

    // EWOULDBLOCK on Linux (11) and macOS (35), ERROR_SHARING_VIOLATION on Windows.
    private static readonly int[] HeldElsewhere = [11, 35, unchecked((int)0x80070020)];

    public static IDisposable Acquire(string sweepFolder, string sweepId)
    {
        Directory.CreateDirectory(sweepFolder);
        string lockPath = Path.Combine(sweepFolder, LockFile);
        string holderPath = Path.Combine(sweepFolder, HolderFile);
        FileStream locked;
        try
        {
            locked = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException) && HeldElsewhere.Contains(e.HResult))
        {
            throw new SweepLockedException(SweepLock.Refusal(sweepId, ReadHolder(holderPath)?.Describe()
                ?? $"another process (its details in {holderPath} are missing or not written yet)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot take the sweep lock {lockPath}: {e.Message}", e);
        }
        try
        {
            string written = holderPath + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(written, SweepLockHolder.Current().ToJson());
            File.Move(written, holderPath, overwrite: true);
        }
        catch
        {
            locked.Dispose();
            throw;
        }
        return new Held(locked, holderPath);
    }

    private static SweepLockHolder? ReadHolder(string holderPath)
    {
        try
        {
            return SweepLockHolder.FromJson(File.ReadAllText(holderPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class Held(FileStream locked, string holderPath) : IDisposable
    {
        public void Dispose()
        {
            // The details go first, while the lock still keeps a new holder from writing its own.
            try { File.Delete(holderPath); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            locked.Dispose();
        }
    }
}
