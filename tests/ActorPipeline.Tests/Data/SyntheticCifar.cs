using System.Formats.Tar;
using System.IO.Compression;
using ActorPipeline.Ml.Data;

namespace ActorPipeline.Tests.Data;

/// <summary>
/// Small CIFAR-10 look-alikes in the official layout (six batch files of <see cref="RecordsPerBatch"/>
/// records, labels cycling 0..9 so every set is balanced), written as a folder or a tar.gz archive.
/// Pixel bytes encode the record: pixel p of global record r (train records 0.., test after them) is (r·7 + p) mod 256.
/// </summary>
internal static class SyntheticCifar
{
    public const int RecordsPerBatch = 100;

    public static Cifar10ReaderOptions ReaderOptions => new() { RecordsPerBatch = RecordsPerBatch };

    public static byte PixelOf(int globalRecord, int pixel) => (byte)((globalRecord * 7 + pixel) & 0xFF);

    /// <summary>The six files' contents; <paramref name="mutate"/> may replace any file's bytes (name, bytes) → bytes.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Files(Func<string, byte[], byte[]>? mutate = null, int recordsPerBatch = RecordsPerBatch)
    {
        var names = Cifar10Format.TrainFiles.Append(Cifar10Format.TestFile).ToList();
        for (int f = 0; f < names.Count; f++)
        {
            var bytes = new byte[recordsPerBatch * Cifar10Format.RecordSize];
            for (int r = 0; r < recordsPerBatch; r++)
            {
                int global = f * recordsPerBatch + r;
                int offset = r * Cifar10Format.RecordSize;
                bytes[offset] = (byte)(r % 10);
                for (int p = 0; p < LabeledImages.BytesPerImage; p++) bytes[offset + 1 + p] = PixelOf(global, p);
            }
            yield return (names[f], mutate is null ? bytes : mutate(names[f], bytes));
        }
    }

    /// <summary>Writes <c>parent/cifar-10-batches-bin/*.bin</c>; returns the batch folder.</summary>
    public static string WriteFolder(string parent, Func<string, byte[], byte[]>? mutate = null)
    {
        var folder = Path.Combine(parent, Cifar10Format.FolderName);
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Files(mutate)) File.WriteAllBytes(Path.Combine(folder, name), bytes);
        return folder;
    }

    /// <summary>Writes a tar.gz with the official entry names (plus batches.meta.txt); <paramref name="skip"/> leaves a file out.</summary>
    public static string WriteArchive(string path, Func<string, byte[], byte[]>? mutate = null, string? skip = null)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        AddEntry(tar, "batches.meta.txt", System.Text.Encoding.ASCII.GetBytes(string.Join("\n", Cifar10Format.ClassNames) + "\n"));
        foreach (var (name, bytes) in Files(mutate))
            if (name != skip) AddEntry(tar, name, bytes);
        return path;
    }

    private static void AddEntry(TarWriter tar, string name, byte[] bytes)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{Cifar10Format.FolderName}/{name}") { DataStream = new MemoryStream(bytes) };
        tar.WriteEntry(entry);
    }
}
