namespace ActorPipeline.Ml.Training;

/// <summary>
/// Write to a temporary file next to the target, flush it to disk, then rename over the target; a write that fails
/// for a reason of the storage becomes a <see cref="StorageFaultException"/> naming the target, and leaves no temporary file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<string> writeTo)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTo(temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
                stream.Flush(flushToDisk: true);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is not StorageFaultException && StorageFaultException.IsStorageError(e))
        {
            throw new StorageFaultException(path, e);
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (IOException)
            {
                // a storage that cannot write may not delete either; the temporary name never shadows a real file
            }
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text));
}
