namespace ActorPipeline.Ml.Training;

/// <summary>
/// An artifact (checkpoint, mask, metrics) could not be written: a full disk, a read-only folder, a missing
/// mount. The storage's fault, not the training's: it names the path, and no half-written file is left behind.
/// </summary>
public sealed class StorageFaultException(string path, Exception inner)
    : IOException($"Cannot write {path}: {inner.Message} (free space or permissions of {System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))}?)", inner)
{
    public string FilePath { get; } = path;

    /// <summary>Whether <paramref name="error"/> says that writing failed for a reason of the storage.</summary>
    public static bool IsStorageError(Exception error) =>
        error is IOException or UnauthorizedAccessException
        || error.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("Disk quota", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);
}
