using System.Formats.Tar;
using System.IO.Compression;

namespace ActorPipeline.Ml.Data;

/// <summary>
/// Reads CIFAR-10 in the official binary layout, from the <c>cifar-10-binary.tar.gz</c> archive
/// (streamed: gzip and tar are decoded on the fly, nothing is extracted to disk) or from an
/// extracted <c>cifar-10-batches-bin</c> folder. Everything is validated on the way: file sizes,
/// labels, and the per-class balance of the training and test sets; any defect is a
/// <see cref="Cifar10FormatException"/> naming the file.
/// </summary>
public static class Cifar10Reader
{
    // Records decoded per read; bounds the transient buffer to ~3 MB whatever the file size.
    private const int ChunkRecords = 1_000;

    /// <summary>Reads an archive file or an extracted folder (the <c>cifar-10-batches-bin</c> folder or its parent).</summary>
    public static Cifar10Dataset Read(string path, Cifar10ReaderOptions? options = null)
    {
        if (File.Exists(path)) return ReadArchive(path, options);
        if (Directory.Exists(path)) return ReadFolder(path, options);
        throw new Cifar10FormatException(path, "no such file or folder; give the cifar-10-binary.tar.gz archive or its extracted cifar-10-batches-bin folder.");
    }

    /// <summary>Reads <c>cifar-10-binary.tar.gz</c> (or any gzip-compressed tar holding the six batch files).</summary>
    public static Cifar10Dataset ReadArchive(string archivePath, Cifar10ReaderOptions? options = null)
    {
        options ??= Cifar10ReaderOptions.Default;
        options.Validate();
        if (!File.Exists(archivePath))
            throw new Cifar10FormatException(archivePath, "archive not found.");

        var batches = new Dictionary<string, Batch>(StringComparer.Ordinal);
        try
        {
            using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                var name = Path.GetFileName(entry.Name);
                if (!IsBatchFile(name)) continue; // batches.meta.txt, readme.html
                var where = $"{archivePath}!{entry.Name}";
                if (batches.ContainsKey(name))
                    throw new Cifar10FormatException(where, $"the archive holds {name} twice; it is not an official CIFAR-10 archive.");
                // The tar header's size is checked before reading; a short gzip stream shows up as EndOfStream below.
                batches[name] = ReadBatch(entry.DataStream ?? Stream.Null, entry.Length, where, options);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException and not FileNotFoundException)
        {
            throw new Cifar10FormatException(archivePath,
                $"the archive is truncated or is not a gzip-compressed tar ({e.Message}). Download it again or give another copy.", e);
        }

        var missing = AllBatchFiles().Where(f => !batches.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw new Cifar10FormatException(archivePath,
                $"the archive lacks {string.Join(", ", missing.Select(m => $"{Cifar10Format.FolderName}/{m}"))}; it is not the complete CIFAR-10 binary archive.");
        return Assemble(batches, archivePath, options);
    }

    /// <summary>Reads an extracted <c>cifar-10-batches-bin</c> folder, or a folder that contains one.</summary>
    public static Cifar10Dataset ReadFolder(string folder, Cifar10ReaderOptions? options = null)
    {
        options ??= Cifar10ReaderOptions.Default;
        options.Validate();
        var batchFolder = ResolveBatchFolder(folder);
        var batches = new Dictionary<string, Batch>(StringComparer.Ordinal);
        foreach (var name in AllBatchFiles())
        {
            var path = Path.Combine(batchFolder, name);
            if (!File.Exists(path))
                throw new Cifar10FormatException(path, $"missing; a CIFAR-10 folder holds {string.Join(", ", AllBatchFiles())}.");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            batches[name] = ReadBatch(stream, stream.Length, path, options);
        }
        return Assemble(batches, batchFolder, options);
    }

    /// <summary>
    /// Reads a file of raw CIFAR-10 records (1 label byte + 3,072 pixel bytes each), of any whole
    /// number of records, e.g. a prefix of <c>test_batch.bin</c>. Labels are checked; balance is not.
    /// </summary>
    public static LabeledImages ReadRecords(string path)
    {
        if (!File.Exists(path))
            throw new Cifar10FormatException(path, "file not found.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var length = stream.Length;
        if (length == 0 || length % Cifar10Format.RecordSize != 0)
            throw new Cifar10FormatException(path,
                $"is {length:N0} bytes, not a whole positive number of {Cifar10Format.RecordSize:N0}-byte records; the file is truncated or not CIFAR-10 records.");
        var batch = ReadRecords(stream, (int)(length / Cifar10Format.RecordSize), length, path);
        return new LabeledImages(batch.Pixels, batch.Labels, Cifar10Format.ClassCount);
    }

    private static bool IsBatchFile(string name) => name == Cifar10Format.TestFile || Cifar10Format.TrainFiles.Contains(name);

    private static IEnumerable<string> AllBatchFiles() => Cifar10Format.TrainFiles.Append(Cifar10Format.TestFile);

    private static string ResolveBatchFolder(string folder)
    {
        if (File.Exists(Path.Combine(folder, Cifar10Format.TrainFiles[0]))) return folder;
        var nested = Path.Combine(folder, Cifar10Format.FolderName);
        if (Directory.Exists(nested)) return nested;
        if (!Directory.Exists(folder))
            throw new Cifar10FormatException(folder, "folder not found.");
        throw new Cifar10FormatException(folder,
            $"holds neither {Cifar10Format.TrainFiles[0]} nor a {Cifar10Format.FolderName} folder; give the extracted CIFAR-10 binary folder or the .tar.gz archive.");
    }

    private sealed record Batch(byte[] Labels, byte[] Pixels);

    /// <summary>One official batch: its size must be exactly <see cref="Cifar10ReaderOptions.RecordsPerBatch"/> records.</summary>
    private static Batch ReadBatch(Stream stream, long length, string where, Cifar10ReaderOptions options)
    {
        long expected = (long)options.RecordsPerBatch * Cifar10Format.RecordSize;
        if (length != expected)
        {
            var shape = length % Cifar10Format.RecordSize != 0
                ? $"not a whole number of {Cifar10Format.RecordSize:N0}-byte records (it stops {length % Cifar10Format.RecordSize:N0} bytes into record {length / Cifar10Format.RecordSize:N0})"
                : $"{length / Cifar10Format.RecordSize:N0} records";
            var verdict = length < expected ? "the file is truncated" : "the file is too large";
            throw new Cifar10FormatException(where,
                $"is {length:N0} bytes, {shape}; a batch must be {expected:N0} bytes ({options.RecordsPerBatch:N0} records): {verdict}. Download the archive again or give another copy.");
        }
        int keep = Math.Min(options.RecordsPerBatch, options.MaxRecordsPerFile ?? int.MaxValue);
        return ReadRecords(stream, keep, length, where);
    }

    /// <summary>Decodes the first <paramref name="count"/> records of <paramref name="stream"/> into label and pixel arrays.</summary>
    private static Batch ReadRecords(Stream stream, int count, long declaredLength, string where)
    {
        var labels = new byte[count];
        var pixels = new byte[(long)count * LabeledImages.BytesPerImage];
        var chunk = new byte[Math.Min(count, ChunkRecords) * Cifar10Format.RecordSize];
        for (int first = 0; first < count; first += ChunkRecords)
        {
            int records = Math.Min(ChunkRecords, count - first);
            int bytes = records * Cifar10Format.RecordSize;
            int got = stream.ReadAtLeast(chunk.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            if (got < bytes)
                throw new Cifar10FormatException(where,
                    $"ends after {(long)first * Cifar10Format.RecordSize + got:N0} of its {declaredLength:N0} bytes: the file is truncated. Download the archive again or give another copy.");
            for (int r = 0; r < records; r++)
            {
                int record = first + r;
                byte label = chunk[r * Cifar10Format.RecordSize];
                if (label >= Cifar10Format.ClassCount)
                    throw new Cifar10FormatException(where,
                        $"record {record:N0} (byte offset {(long)record * Cifar10Format.RecordSize:N0}) has label {label}; CIFAR-10 labels are 0..9. The file is corrupt or not CIFAR-10 (CIFAR-100 records have two label bytes).");
                labels[record] = label;
                Buffer.BlockCopy(chunk, r * Cifar10Format.RecordSize + 1, pixels, record * LabeledImages.BytesPerImage, LabeledImages.BytesPerImage);
            }
        }
        return new Batch(labels, pixels);
    }

    private static Cifar10Dataset Assemble(Dictionary<string, Batch> batches, string source, Cifar10ReaderOptions options)
    {
        var train = Concatenate(Cifar10Format.TrainFiles.Select(f => batches[f]).ToList());
        var test = Concatenate([batches[Cifar10Format.TestFile]]);
        if (options.MaxRecordsPerFile is null)
        {
            CheckBalance(train, options.RecordsPerBatch * Cifar10Format.TrainFiles.Count / Cifar10Format.ClassCount,
                $"{source} (training batches data_batch_1..5.bin)");
            CheckBalance(test, options.RecordsPerBatch / Cifar10Format.ClassCount, $"{source} ({Cifar10Format.TestFile})");
        }
        return new Cifar10Dataset(train, test, source);
    }

    private static LabeledImages Concatenate(IReadOnlyList<Batch> parts)
    {
        var labels = new byte[parts.Sum(p => p.Labels.Length)];
        var pixels = new byte[parts.Sum(p => (long)p.Pixels.Length)];
        long labelOffset = 0, pixelOffset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Labels, 0, labels, labelOffset, part.Labels.Length);
            Array.Copy(part.Pixels, 0, pixels, pixelOffset, part.Pixels.Length);
            labelOffset += part.Labels.Length;
            pixelOffset += part.Pixels.Length;
        }
        return new LabeledImages(pixels, labels, Cifar10Format.ClassCount);
    }

    // The official sets are exactly balanced; anything else means a damaged or different dataset.
    private static void CheckBalance(LabeledImages images, int expectedPerClass, string where)
    {
        var counts = images.CountPerClass();
        var wrong = Enumerable.Range(0, counts.Length).Where(c => counts[c] != expectedPerClass).ToList();
        if (wrong.Count > 0)
            throw new Cifar10FormatException(where,
                $"{string.Join("; ", wrong.Select(c => $"class {Cifar10Format.Describe(c)} has {counts[c]:N0} images"))}; expected {expectedPerClass:N0} per class. The copy is incomplete or not the official CIFAR-10.");
    }
}
