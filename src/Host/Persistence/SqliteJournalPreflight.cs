using Microsoft.Data.Sqlite;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// SQLite half of <see cref="JournalPreflight"/>: the journal's folder must accept a new file, and the journal file (and
/// its -wal, -shm or -journal companions), where they exist, must open for writing. Tested by doing it, not by reading
/// permission bits: that also catches immutable files, read-only mounts and ACLs, and is right for root.
/// </summary>
public static class SqliteJournalPreflight
{
    private static readonly string[] Companions = ["", "-wal", "-shm", "-journal"];

    public static void Check(string connectionString)
    {
        string file = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        string folder = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder))
            throw new JournalUnavailableException($"SQLite journal folder {folder} does not exist: create it or choose another --out.");
        if (Refusal(() => File.Open(Path.Combine(folder, $".{Path.GetFileName(file)}.write-check-{Guid.NewGuid():N}"),
                new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.DeleteOnClose })) is { } folderRefusal)
            throw new JournalUnavailableException($"SQLite journal folder {folder} is not writable{folderRefusal}: make it writable (chmod u+w, or chattr -i if it is immutable) or choose another --out.");
        foreach (var path in Companions.Select(suffix => file + suffix).Where(File.Exists))
        {
            if (Refusal(() => File.Open(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) is { } fileRefusal)
                throw new JournalUnavailableException($"SQLite journal {path} is read-only{fileRefusal}: make it writable (chmod u+w, or chattr -i if it is immutable) or choose another --out.");
        }
    }

    /// <summary>Null when the file opens; otherwise a short reason ("" for plain permission refusals).</summary>
    private static string? Refusal(Func<FileStream> open)
    {
        try
        {
            open().Dispose();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
        catch (IOException e)
        {
            return $" ({e.Message})";
        }
    }
}
