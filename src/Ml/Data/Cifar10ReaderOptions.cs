namespace ActorPipeline.Ml.Data;

/// <summary>How <see cref="Cifar10Reader"/> reads and validates a CIFAR-10 archive or folder.</summary>
public sealed record Cifar10ReaderOptions
{
    /// <summary>
    /// Records every batch file must hold: 10,000 for the official data. Tests set a small multiple of 10
    /// to exercise the same validation on small synthetic archives; each class must then hold exactly a
    /// tenth of the training records (over the five batches) and a tenth of the test records.
    /// </summary>
    public int RecordsPerBatch { get; init; } = Cifar10Format.RecordsPerBatch;

    /// <summary>
    /// Keep only the first N records of each batch file (smoke runs). File sizes and labels are still
    /// checked, but the per-class balance is not (the official batches are not balanced individually).
    /// Null (the default) reads everything. A gzip archive is still decompressed in full.
    /// </summary>
    public int? MaxRecordsPerFile { get; init; }

    public static Cifar10ReaderOptions Default { get; } = new();

    internal void Validate()
    {
        if (RecordsPerBatch <= 0 || RecordsPerBatch % Cifar10Format.ClassCount != 0)
            throw new ArgumentOutOfRangeException(nameof(RecordsPerBatch), RecordsPerBatch, "Records per batch must be a positive multiple of 10 (official: 10,000).");
        if (MaxRecordsPerFile is <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxRecordsPerFile), MaxRecordsPerFile, "The cap on records per file must be positive (or null to read everything).");
    }
}
