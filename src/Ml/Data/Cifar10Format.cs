namespace ActorPipeline.Ml.Data;

/// <summary>
/// Facts about the official CIFAR-10 binary distribution (https://www.cs.toronto.edu/~kriz/cifar.html),
/// kept in one place so that the reader, the validator and the downloader agree.
/// </summary>
public static class Cifar10Format
{
    public const int ClassCount = 10;

    /// <summary>One label byte followed by the 3,072 pixel bytes (R, G, B planes of 32×32).</summary>
    public const int RecordSize = 1 + LabeledImages.BytesPerImage;

    /// <summary>Records in each official batch file (five training batches and one test batch).</summary>
    public const int RecordsPerBatch = 10_000;

    /// <summary>Size of each official batch file: 10,000 × 3,073 = 30,730,000 bytes.</summary>
    public const long BatchFileSize = (long)RecordsPerBatch * RecordSize;

    /// <summary>The folder the official archive unpacks to.</summary>
    public const string FolderName = "cifar-10-batches-bin";

    public const string ArchiveFileName = "cifar-10-binary.tar.gz";

    public static readonly IReadOnlyList<string> TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>Class names by label id, as in the archive's batches.meta.txt.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static readonly Uri OfficialArchiveUri = new("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

    /// <summary>md5 of the official cifar-10-binary.tar.gz, as published on the dataset page.</summary>
    public const string OfficialArchiveMd5 = "c32a1d4ab5d03f1284b67883e8d87530";

    /// <summary>"3 (cat)": how messages name a class.</summary>
    public static string Describe(int classId) =>
        classId is >= 0 and < ClassCount ? $"{classId} ({ClassNames[classId]})" : classId.ToString();
}
