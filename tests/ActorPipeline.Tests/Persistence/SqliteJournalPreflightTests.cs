using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Data;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// The SQLite journal check: a writable folder and file pass; an unwritable file or folder is one line naming it. The
/// tests run as root, for whom permission bits stop nothing, so they make things unwritable with `chattr +i`.
/// </summary>
public sealed class SqliteJournalPreflightTests
{
    [Fact]
    public async Task A_new_journal_in_a_writable_folder_passes_and_leaves_no_file_behind()
    {
        using var folder = new TempDirectory();
        await JournalPreflight.CheckAsync(JournalSettings.From(new PersistenceConfig(), folder.Path), CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task An_existing_writable_journal_passes()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("journal.db"), "");
        await JournalPreflight.CheckAsync(JournalSettings.From(new PersistenceConfig(), folder.Path), CancellationToken.None);
    }

    [FactWhenImmutableFiles]
    public async Task A_read_only_journal_file_is_named()
    {
        using var folder = new TempDirectory();
        string file = folder.File("journal.db");
        File.WriteAllText(file, "");
        using (ImmutableFlag.Set(file))
        {
            var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() =>
                JournalPreflight.CheckAsync(JournalSettings.From(new PersistenceConfig(), folder.Path), CancellationToken.None));
            Assert.Equal($"SQLite journal {file} is read-only: make it writable (chmod u+w, or chattr -i if it is immutable) or choose another --out.", refused.Message);
        }
    }

    [FactWhenImmutableFiles]
    public async Task A_read_only_write_ahead_log_is_named()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("journal.db"), "");
        string wal = folder.File("journal.db-wal");
        File.WriteAllText(wal, "");
        using (ImmutableFlag.Set(wal))
        {
            var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() =>
                JournalPreflight.CheckAsync(JournalSettings.From(new PersistenceConfig(), folder.Path), CancellationToken.None));
            Assert.StartsWith($"SQLite journal {wal} is read-only", refused.Message);
        }
    }

    [FactWhenImmutableFiles]
    public async Task A_folder_that_takes_no_new_file_is_named()
    {
        using var folder = new TempDirectory();
        var journal = JournalSettings.From(new PersistenceConfig(), folder.Path);
        using (ImmutableFlag.Set(folder.Path))
        {
            var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() => JournalPreflight.CheckAsync(journal, CancellationToken.None));
            Assert.Equal($"SQLite journal folder {folder.Path} is not writable: make it writable (chmod u+w, or chattr -i if it is immutable) or choose another --out.", refused.Message);
        }
    }
}
