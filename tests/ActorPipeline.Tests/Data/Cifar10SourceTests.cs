using ActorPipeline.Ml.Data;

namespace ActorPipeline.Tests.Data;

public sealed class Cifar10SourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class RecordingProgress : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];
        public void Report(DownloadProgress value) => Reports.Add(value);
    }

    private Cifar10SourceOptions Options(List<string>? warnings = null, string? environment = null) => new()
    {
        CacheDirectory = Path.Combine(_temp.Path, "cache"),
        GetEnvironmentVariable = name => name == Cifar10SourceOptions.EnvironmentVariableName ? environment : null,
        Warn = warnings is null ? null : warnings.Add,
    };

    [Fact]
    public async Task Local_archive_with_another_md5_is_accepted_with_a_warning()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("mine.tar.gz"));
        var warnings = new List<string>();
        var location = await new Cifar10Source(Options(warnings) with { AllowDownload = false }).ResolveAsync(archive);

        Assert.Equal(archive, location.Path);
        Assert.Equal(Cifar10Origin.ExplicitPath, location.Origin);
        Assert.Equal(ChecksumStatus.NotOfficial, location.Checksum);
        Assert.Equal(FileChecksum.Md5(archive), location.Md5);
        var warning = Assert.Single(warnings);
        Assert.Contains(Cifar10Format.OfficialArchiveMd5, warning);
        Assert.Equal(location.Warnings, warnings);
    }

    [Fact]
    public async Task Local_archive_with_the_expected_md5_is_official_and_silent()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("mine.tar.gz"));
        var warnings = new List<string>();
        var location = await new Cifar10Source(Options(warnings) with { ExpectedMd5 = FileChecksum.Md5(archive).ToUpperInvariant() }).ResolveAsync(archive);
        Assert.Equal(ChecksumStatus.Official, location.Checksum);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task Folder_is_unverifiable_and_says_so()
    {
        SyntheticCifar.WriteFolder(_temp.Path);
        var warnings = new List<string>();
        var location = await new Cifar10Source(Options(warnings)).ResolveAsync(_temp.Path);
        Assert.Equal(ChecksumStatus.Unverifiable, location.Checksum);
        Assert.Contains("cannot be checked", Assert.Single(warnings));
    }

    [Fact]
    public async Task Environment_variable_then_cache_are_used_in_that_order()
    {
        var archive = SyntheticCifar.WriteArchive(_temp.File("env.tar.gz"));
        var location = await new Cifar10Source(Options(environment: archive) with { AllowDownload = false }).ResolveAsync();
        Assert.Equal((archive, Cifar10Origin.EnvironmentVariable), (location.Path, location.Origin));

        var source = new Cifar10Source(Options() with { AllowDownload = false });
        Directory.CreateDirectory(source.Options.CacheDirectory);
        File.Copy(archive, source.CachedArchivePath);
        location = await source.ResolveAsync();
        Assert.Equal((source.CachedArchivePath, Cifar10Origin.Cache), (location.Path, location.Origin));
    }

    [Fact]
    public async Task Missing_path_and_nothing_to_use_are_clear_errors()
    {
        var e = await Assert.ThrowsAsync<Cifar10SourceException>(() => new Cifar10Source(Options()).ResolveAsync(_temp.File("nope.tar.gz")));
        Assert.Contains("nope.tar.gz: no such file or folder", e.Message);

        e = await Assert.ThrowsAsync<Cifar10SourceException>(() => new Cifar10Source(Options() with { AllowDownload = false }).ResolveAsync());
        Assert.Contains("--data", e.Message);
        Assert.Contains(Cifar10SourceOptions.EnvironmentVariableName, e.Message);
    }

    [Fact]
    public async Task Download_from_local_http_server_reports_progress_verifies_md5_and_lands_in_cache()
    {
        var body = File.ReadAllBytes(SyntheticCifar.WriteArchive(_temp.File("served.tar.gz")));
        using var server = new LocalHttpServer(body);
        var progress = new RecordingProgress();
        var source = new Cifar10Source(Options() with
        {
            DownloadUri = server.Uri("cifar-10-binary.tar.gz"),
            ExpectedMd5 = FileChecksum.Md5(_temp.File("served.tar.gz")),
            Progress = progress,
        });

        var location = await source.ResolveAsync();

        Assert.Equal((source.CachedArchivePath, Cifar10Origin.Downloaded, ChecksumStatus.Official), (location.Path, location.Origin, location.Checksum));
        Assert.Equal(body, File.ReadAllBytes(location.Path));
        Assert.Equal([Cifar10Format.ArchiveFileName], Directory.GetFiles(source.Options.CacheDirectory).Select(Path.GetFileName));
        Assert.True(progress.Reports.Count >= 2);
        Assert.Equal(new DownloadProgress(body.Length, body.Length), progress.Reports[^1]);
        Assert.All(progress.Reports.Zip(progress.Reports.Skip(1)), pair => Assert.True(pair.Item1.BytesDone <= pair.Item2.BytesDone));
        Cifar10Reader.Read(location.Path, SyntheticCifar.ReaderOptions); // and it is readable

        // A second resolve uses the cache instead of the network.
        Assert.Equal(Cifar10Origin.Cache, (await source.ResolveAsync()).Origin);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Download_with_wrong_md5_is_rejected_and_leaves_nothing_in_cache()
    {
        var body = File.ReadAllBytes(SyntheticCifar.WriteArchive(_temp.File("served.tar.gz")));
        using var server = new LocalHttpServer(body);
        var source = new Cifar10Source(Options() with { DownloadUri = server.Uri("x.tar.gz") }); // expects the official md5

        var e = await Assert.ThrowsAsync<Cifar10SourceException>(() => source.ResolveAsync());

        Assert.Contains("has md5", e.Message);
        Assert.Contains(Cifar10Format.OfficialArchiveMd5, e.Message);
        Assert.Contains("deleted", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(source.Options.CacheDirectory));
    }

    [Fact]
    public async Task Connection_refused_is_a_clear_offline_error()
    {
        var uri = new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/cifar-10-binary.tar.gz");
        var source = new Cifar10Source(Options() with { DownloadUri = uri });

        var e = await Assert.ThrowsAsync<Cifar10SourceException>(() => source.ResolveAsync());

        Assert.StartsWith($"could not download {uri}: ", e.Message);
        Assert.EndsWith("give a local copy with --data or ACTORPIPELINE_CIFAR10.", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(source.Options.CacheDirectory));
    }
}
