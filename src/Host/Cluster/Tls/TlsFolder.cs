namespace ActorPipeline.Host.Cluster.Tls;

/// <summary>
/// The files of a TLS folder (`tls init`, `tls node`, `--tls`): the cluster's CA certificate, this node's certificate and
/// its private key, and, only in the folder `tls init` made, the CA's private key (which issues more node certificates and
/// belongs on no worker). Keys are PEM PKCS#8, written owner-only (0600); certificates are public PEM.
/// </summary>
public static class TlsFolder
{
    public const string AuthorityCertificate = "ca.crt";
    public const string AuthorityKey = "ca.key";
    public const string NodeCertificate = "node.crt";
    public const string NodeKey = "node.key";

    /// <summary>The permissions a private key is written with, and the most a key read from disk may allow.</summary>
    public const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="pem"/> to a new file (never over an existing one: a key replaced by mistake cuts a node off its cluster).</summary>
    public static void WriteNew(string path, string pem, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows()) options.UnixCreateMode = KeyMode;
        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(pem);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new InvalidOperationException($"{path} already exists: it is not overwritten (a replaced key cuts nodes off their cluster). Remove it or choose another folder.");
        }
    }

    /// <summary>Reads a private key file, refusing one that others may read (as ssh does): a key others can read is not a secret.</summary>
    public static string ReadKey(string path)
    {
        if (!File.Exists(path)) throw Missing(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(KeyMode | UnixFileMode.UserExecute)) != 0)
            throw new InvalidOperationException($"{path} can be read by other users (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}): run `chmod 600 {path}`.");
        return File.ReadAllText(path);
    }

    public static string ReadCertificate(string path) => File.Exists(path) ? File.ReadAllText(path) : throw Missing(path);

    private static FileNotFoundException Missing(string path) =>
        new($"{path} does not exist: make a TLS folder with `actorpipeline tls init --out <folder>` (or `tls node` for another node).");
}
