using System.Security.Cryptography;

namespace ActorPipeline.Ml.Data;

/// <summary>md5 of files, as lowercase hex (the form the CIFAR-10 page publishes).</summary>
public static class FileChecksum
{
    public static string Md5(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    public static bool SameHex(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
