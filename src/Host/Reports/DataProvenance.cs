using ActorPipeline.Ml.Data;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Whether a sweep ran on the official CIFAR-10 archive (its md5 is the published one). Anything else (the lossy
/// offline copy, an extracted folder that cannot be checksummed, an unknown source) gets a warning for the top of
/// the report, so smoke results are never read as a reproduction.
/// </summary>
public sealed record DataProvenance(bool IsOfficial, string? Warning)
{
    /// <param name="dataChecksum">sweep.json's data_checksum: the archive's md5, or the data's path when it could not be checksummed; null without a readable sweep.json.</param>
    public static DataProvenance Of(string? dataChecksum, string? dataPath)
    {
        if (dataChecksum is null)
            return new(false, $"No readable {SweepDescription.FileName}: it is not recorded which data these results come from, so they cannot be taken as results on the official CIFAR-10.");
        if (string.Equals(dataChecksum.Trim(), Cifar10Format.OfficialArchiveMd5, StringComparison.OrdinalIgnoreCase))
            return new(true, null);
        if (IsMd5(dataChecksum))
            return new(false, $"These results are NOT on the official CIFAR-10 (data md5 {dataChecksum}, the official {Cifar10Format.ArchiveFileName} has {Cifar10Format.OfficialArchiveMd5}): smoke results only.");
        return new(false, $"These results are NOT on a verified official CIFAR-10: the data ({dataPath ?? dataChecksum}) was not an archive with a checksum " +
                          $"(the official {Cifar10Format.ArchiveFileName} has md5 {Cifar10Format.OfficialArchiveMd5}): smoke results only.");
    }

    private static bool IsMd5(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigit);
}
