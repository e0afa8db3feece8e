namespace ActorPipeline.Ml.Data;

/// <summary>Where <see cref="Cifar10Source"/> found the data.</summary>
public enum Cifar10Origin
{
    /// <summary>A path the user gave (e.g. <c>--data</c>).</summary>
    ExplicitPath,
    /// <summary>The path in the <c>ACTORPIPELINE_CIFAR10</c> environment variable.</summary>
    EnvironmentVariable,
    /// <summary>An archive already in the cache folder.</summary>
    Cache,
    /// <summary>Downloaded into the cache folder by this call.</summary>
    Downloaded,
}

/// <summary>How the data compares with the official archive.</summary>
public enum ChecksumStatus
{
    /// <summary>The archive's md5 is the official one.</summary>
    Official,
    /// <summary>An archive with another md5 (e.g. the lossy offline copy): usable, but not the official data.</summary>
    NotOfficial,
    /// <summary>An extracted folder: there is no published checksum to compare its files with.</summary>
    Unverifiable,
}

/// <summary>A resolved CIFAR-10 archive or folder, with its provenance and any warnings for the user.</summary>
public sealed record Cifar10Location(
    string Path,
    Cifar10Origin Origin,
    ChecksumStatus Checksum,
    string? Md5,
    IReadOnlyList<string> Warnings)
{
    public bool IsArchive => File.Exists(Path);
}
