using System.Diagnostics;
using ActorPipeline.Ml.Data;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Data;

public sealed class Cifar10ReaderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void AssertSyntheticContent(Cifar10Dataset data)
    {
        int n = SyntheticCifar.RecordsPerBatch;
        Assert.Equal(5 * n, data.Train.Count);
        Assert.Equal(n, data.Test.Count);
        Assert.All(data.Train.CountPerClass(), c => Assert.Equal(5 * n / 10, c));
        Assert.All(data.Test.CountPerClass(), c => Assert.Equal(n / 10, c));
        // Spot-check labels and pixels of records in the first, a middle and the test file.
        foreach (var (set, index, global) in new[] { (data.Train, 0, 0), (data.Train, 3 * n + 17, 3 * n + 17), (data.Test, 42, 5 * n + 42) })
        {
            Assert.Equal((byte)(index % n % 10), set.Labels[index]);
            for (int p = 0; p < LabeledImages.BytesPerImage; p += 511)
                Assert.Equal(SyntheticCifar.PixelOf(global, p), set.Pixels[index * LabeledImages.BytesPerImage + p]);
        }
    }

    [Fact]
    public void Archive_round_trip()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("c.tar.gz"));
        var data = Cifar10Reader.Read(archive, SyntheticCifar.ReaderOptions);
        AssertSyntheticContent(data);
        Assert.Equal(archive, data.Source);
    }

    [Fact]
    public void Folder_round_trip_from_batch_folder_and_from_its_parent()
    {
        var folder = SyntheticCifar.WriteFolder(_temp.Path);
        AssertSyntheticContent(Cifar10Reader.Read(folder, SyntheticCifar.ReaderOptions));
        AssertSyntheticContent(Cifar10Reader.Read(_temp.Path, SyntheticCifar.ReaderOptions));
    }

    [Fact]
    public void Cap_keeps_the_first_records_of_each_file()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("c.tar.gz"));
        var data = Cifar10Reader.ReadArchive(archive, SyntheticCifar.ReaderOptions with { MaxRecordsPerFile = 7 });
        Assert.Equal(35, data.Train.Count);
        Assert.Equal(7, data.Test.Count);
        // Record 7 of the capped train set is record 0 of data_batch_2.
        Assert.Equal(SyntheticCifar.PixelOf(SyntheticCifar.RecordsPerBatch, 0), data.Train.Pixels[7 * LabeledImages.BytesPerImage]);
    }

    [Fact]
    public void Official_size_is_the_default_expectation()
    {
        SyntheticCifar.WriteFolder(_temp.Path);
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(_temp.Path));
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains("30,730,000", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Truncated_file_in_folder_is_named()
    {
        SyntheticCifar.WriteFolder(_temp.Path, (name, bytes) => name == "data_batch_4.bin" ? bytes[..(bytes.Length - 1000)] : bytes);
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(_temp.Path, SyntheticCifar.ReaderOptions));
        Assert.EndsWith("data_batch_4.bin", e.Path);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("not a whole number", e.Message);
    }

    [Fact]
    public void Oversized_file_is_named()
    {
        SyntheticCifar.WriteFolder(_temp.Path, (name, bytes) => name == Cifar10Format.TestFile ? [.. bytes, .. bytes[..Cifar10Format.RecordSize]] : bytes);
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(_temp.Path, SyntheticCifar.ReaderOptions));
        Assert.EndsWith(Cifar10Format.TestFile, e.Path);
        Assert.Contains("101 records", e.Message);
        Assert.Contains("too large", e.Message);
    }

    [Fact]
    public void Truncated_archive_is_an_error_naming_the_archive()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("c.tar.gz"));
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(archive, SyntheticCifar.ReaderOptions));
        Assert.Contains(archive, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Missing_file_in_archive_and_in_folder_is_named()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("c.tar.gz"), skip: "data_batch_3.bin");
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(archive, SyntheticCifar.ReaderOptions));
        Assert.Contains("lacks cifar-10-batches-bin/data_batch_3.bin", e.Message);

        var folder = SyntheticCifar.WriteFolder(_temp.Path);
        File.Delete(Path.Combine(folder, Cifar10Format.TestFile));
        e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(folder, SyntheticCifar.ReaderOptions));
        Assert.EndsWith(Cifar10Format.TestFile, e.Path);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Label_out_of_range_names_file_and_record()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("c.tar.gz"),
            (name, bytes) => { if (name == "data_batch_2.bin") bytes[37 * Cifar10Format.RecordSize] = 10; return bytes; });
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(archive, SyntheticCifar.ReaderOptions));
        Assert.EndsWith("cifar-10-batches-bin/data_batch_2.bin", e.Path);
        Assert.Contains("record 37 ", e.Message);
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void Unbalanced_classes_name_the_classes()
    {
        // One airplane of the test batch relabelled automobile: 9 airplanes, 11 automobiles.
        SyntheticCifar.WriteFolder(_temp.Path,
            (name, bytes) => { if (name == Cifar10Format.TestFile) bytes[0] = 1; return bytes; });
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.Read(_temp.Path, SyntheticCifar.ReaderOptions));
        Assert.Contains(Cifar10Format.TestFile, e.Path);
        Assert.Contains("class 0 (airplane) has 9 images", e.Message);
        Assert.Contains("class 1 (automobile) has 11 images", e.Message);
        Assert.Contains("expected 10 per class", e.Message);
    }

    [Fact]
    public void Raw_records_file_of_any_whole_length()
    {
        var path = _temp.File("records.bin");
        var (_, bytes) = SyntheticCifar.Files().First();
        File.WriteAllBytes(path, bytes[..(13 * Cifar10Format.RecordSize)]);
        var images = Cifar10Reader.ReadRecords(path);
        Assert.Equal(13, images.Count);
        Assert.Equal(3, images.Labels[13 - 10]);
        Assert.Equal(SyntheticCifar.PixelOf(12, 5), images.Pixels[12 * LabeledImages.BytesPerImage + 5]);

        File.WriteAllBytes(path, bytes[..(13 * Cifar10Format.RecordSize + 1)]);
        var e = Assert.Throws<Cifar10FormatException>(() => Cifar10Reader.ReadRecords(path));
        Assert.Contains("not a whole positive number", e.Message);
    }

    [FactWhenSharedFileExists("data/cifar10/exact-test-first1000.bin")]
    public void Real_exact_test_records_match_known_values()
    {
        var images = Cifar10Reader.ReadRecords(SharedData.Find("data/cifar10/exact-test-first1000.bin")!);
        Assert.Equal(1000, images.Count);
        Assert.Equal(3, images.Labels[0]); // cat
        Assert.Equal(new byte[] { 158, 159, 165, 166, 160, 156, 162, 159, 158 }, images.Pixels[..9]);
    }

    [FactWhenSharedFileExists("data/cifar10/cifar-10-binary.tar.gz")]
    public async Task Real_offline_archive_reads_fully_and_warns_about_its_md5()
    {
        var warnings = new List<string>();
        var source = new Cifar10Source(new Cifar10SourceOptions { Warn = warnings.Add, AllowDownload = false });
        var watch = Stopwatch.StartNew();
        var location = await source.ResolveAsync(SharedData.Find("data/cifar10/cifar-10-binary.tar.gz"));
        var md5Time = watch.Elapsed;
        var data = Cifar10Reader.Read(location.Path);
        output.WriteLine($"md5 {md5Time.TotalSeconds:F2} s, read {(watch.Elapsed - md5Time).TotalSeconds:F2} s");

        Assert.Equal(ChecksumStatus.NotOfficial, location.Checksum);
        Assert.Equal("06a3cf532da31bc390f33fc014f31a12", location.Md5);
        Assert.Contains(warnings, w => w.Contains("NOT the official CIFAR-10"));
        Assert.Equal(50_000, data.Train.Count);
        Assert.Equal(10_000, data.Test.Count);
        Assert.All(data.Train.CountPerClass(), c => Assert.Equal(5_000, c));
        Assert.All(data.Test.CountPerClass(), c => Assert.Equal(1_000, c));
    }
}
