using System.Security.Cryptography;

namespace ActorPipeline.Ml.Data;

/// <summary>
/// Finds CIFAR-10: a path the user gave, else <c>ACTORPIPELINE_CIFAR10</c>, else the archive in the
/// cache folder, else downloads the official archive into the cache (atomically: temp file, flush,
/// md5 check, rename). Local archives whose md5 is not the official one are accepted with a warning;
/// a download with the wrong md5 is deleted and rejected.
/// </summary>
public sealed class Cifar10Source(Cifar10SourceOptions? options = null)
{
    private const string OfflineAdvice = $"give a local copy with --data or {Cifar10SourceOptions.EnvironmentVariableName}";

    public Cifar10SourceOptions Options { get; } = options ?? new Cifar10SourceOptions();

    /// <summary>The archive path in the cache folder (whether or not it exists yet).</summary>
    public string CachedArchivePath => Path.Combine(Options.CacheDirectory, Cifar10Format.ArchiveFileName);

    /// <summary>Locates the data (downloading it if needed and allowed). <paramref name="path"/>: an archive or folder the user gave, or null.</summary>
    public async Task<Cifar10Location> ResolveAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(path))
            return Local(path, Cifar10Origin.ExplicitPath, $"--data {path}");

        var fromEnvironment = Options.GetEnvironmentVariable(Cifar10SourceOptions.EnvironmentVariableName);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Local(fromEnvironment, Cifar10Origin.EnvironmentVariable, $"{Cifar10SourceOptions.EnvironmentVariableName}={fromEnvironment}");

        var cached = CachedArchivePath;
        if (File.Exists(cached))
            return Local(cached, Cifar10Origin.Cache, cached);

        if (!Options.AllowDownload)
            throw new Cifar10SourceException($"CIFAR-10 not found: no --data path, {Cifar10SourceOptions.EnvironmentVariableName} is not set, no {cached}, and downloading is off; {OfflineAdvice}.");

        var md5 = await DownloadAsync(cached, cancellationToken).ConfigureAwait(false);
        return new Cifar10Location(cached, Cifar10Origin.Downloaded, ChecksumStatus.Official, md5, []);
    }

    /// <summary>Resolves then reads the data (see <see cref="Cifar10Reader"/>).</summary>
    public async Task<(Cifar10Location Location, Cifar10Dataset Dataset)> LoadAsync(
        string? path = null, Cifar10ReaderOptions? readerOptions = null, CancellationToken cancellationToken = default)
    {
        var location = await ResolveAsync(path, cancellationToken).ConfigureAwait(false);
        return (location, Cifar10Reader.Read(location.Path, readerOptions));
    }

    private Cifar10Location Local(string path, Cifar10Origin origin, string description)
    {
        var warnings = new List<string>();
        if (Directory.Exists(path))
        {
            warnings.Add($"{path} is an extracted folder: its contents cannot be checked against the official archive's md5 ({Options.ExpectedMd5}); make sure it is the official CIFAR-10.");
            return Report(new Cifar10Location(path, origin, ChecksumStatus.Unverifiable, null, warnings));
        }
        if (!File.Exists(path))
            throw new Cifar10SourceException($"{description}: no such file or folder; give the {Cifar10Format.ArchiveFileName} archive or its extracted {Cifar10Format.FolderName} folder.");

        var md5 = FileChecksum.Md5(path);
        if (FileChecksum.SameHex(md5, Options.ExpectedMd5))
            return new Cifar10Location(path, origin, ChecksumStatus.Official, md5, warnings);
        warnings.Add($"{path} has md5 {md5}, not the official archive's {Options.ExpectedMd5}: it is used, but it is NOT the official CIFAR-10 (e.g. the lossy offline copy); do not present results on it as CIFAR-10 results.");
        return Report(new Cifar10Location(path, origin, ChecksumStatus.NotOfficial, md5, warnings));
    }

    private Cifar10Location Report(Cifar10Location location)
    {
        foreach (var warning in location.Warnings) Options.Warn?.Invoke(warning);
        return location;
    }

    /// <summary>Downloads into a temp file next to <paramref name="target"/>, checks the md5, then renames. Returns the md5.</summary>
    private async Task<string> DownloadAsync(string target, CancellationToken cancellationToken)
    {
        var uri = Options.DownloadUri;
        Directory.CreateDirectory(Options.CacheDirectory);
        // Same folder as the target so the final rename is atomic; a crash leaves only a *.part file.
        var temp = $"{target}.{Guid.NewGuid():N}.part";
        var ownClient = Options.HttpClient is null;
        var client = Options.HttpClient ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // 170 MB on a slow line takes long; the connect timeout catches "offline".
        };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            var total = response.Content.Headers.ContentLength;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long done = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                var buffer = new byte[1 << 20];
                Options.Progress?.Report(new DownloadProgress(0, total));
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    done += read;
                    Options.Progress?.Report(new DownloadProgress(done, total));
                }
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            if (total is { } expectedLength && done != expectedLength)
                throw new HttpRequestException($"the connection closed after {done:N0} of {expectedLength:N0} bytes");

            var actual = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (!FileChecksum.SameHex(actual, Options.ExpectedMd5))
                throw new Cifar10SourceException(
                    $"the file downloaded from {uri} has md5 {actual}, expected {Options.ExpectedMd5}: it is corrupt or not the official archive, and was deleted. Try again, or {OfflineAdvice}.");
            File.Move(temp, target, overwrite: true);
            return actual;
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                  || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new Cifar10SourceException($"could not download {uri}: {e.Message}; {OfflineAdvice}.", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (ownClient) client.Dispose();
        }
    }
}
