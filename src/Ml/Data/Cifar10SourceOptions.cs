namespace ActorPipeline.Ml.Data;

/// <summary>Where <see cref="Cifar10Source"/> looks for CIFAR-10 and how it downloads it. Everything is injectable for tests.</summary>
public sealed record Cifar10SourceOptions
{
    public const string EnvironmentVariableName = "ACTORPIPELINE_CIFAR10";

    /// <summary>Folder holding the downloaded archive. Default: <c>~/.cache/actorpipeline/cifar10</c>.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory;

    public Uri DownloadUri { get; init; } = Cifar10Format.OfficialArchiveUri;

    /// <summary>md5 (hex) the archive must have to count as official; a download with another md5 is rejected.</summary>
    public string ExpectedMd5 { get; init; } = Cifar10Format.OfficialArchiveMd5;

    /// <summary>Reads an environment variable; replaceable so tests do not depend on the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>When false, a missing cache is an error instead of a download.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Client for the download; null creates one (with a 30 s connect timeout) per download.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Receives download progress, synchronously, on the downloading thread.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>Receives warnings the user must see (non-official archive, unverifiable folder). They are also in <see cref="Cifar10Location.Warnings"/>.</summary>
    public Action<string>? Warn { get; init; }

    public static string DefaultCacheDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "actorpipeline", "cifar10");
}
