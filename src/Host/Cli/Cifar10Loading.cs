using System.CommandLine;
using ActorPipeline.Ml.Data;

namespace ActorPipeline.Host.Cli;

/// <summary>The CLI's way to find CIFAR-10: the --data / --no-download options, warnings and download progress on stderr.</summary>
internal static class Cifar10Loading
{
    public static Option<string?> DataOption() => new("--data")
    {
        Description = $"CIFAR-10 archive (cifar-10-binary.tar.gz) or extracted folder; default: ${Cifar10SourceOptions.EnvironmentVariableName}, then the cache ({Cifar10SourceOptions.DefaultCacheDirectory}), then a download.",
    };

    public static Option<bool> NoDownloadOption() => new("--no-download")
    {
        Description = "Fail instead of downloading when no local copy is found.",
    };

    public static Cifar10Source ConsoleSource(bool allowDownload) => new(new Cifar10SourceOptions
    {
        AllowDownload = allowDownload,
        Warn = warning => Console.Error.WriteLine($"WARNING: {warning}"),
        Progress = new ConsoleDownloadProgress(),
    });

    public static async Task<(Cifar10Location Location, Cifar10Dataset Dataset)> LoadAsync(string? path, bool allowDownload, CancellationToken cancellation)
    {
        var location = await ConsoleSource(allowDownload).ResolveAsync(path, cancellation);
        return (location, Read(location));
    }

    /// <summary>Reads located data (the slow part, kept apart so a caller can skip it when nothing needs the images).</summary>
    public static Cifar10Dataset Read(Cifar10Location location)
    {
        var dataset = Cifar10Reader.Read(location.Path);
        Console.Error.WriteLine($"CIFAR-10 from {location.Path} ({location.Origin}, md5 {location.Checksum}): {dataset.Train.Count:N0} train, {dataset.Test.Count:N0} test images");
        return dataset;
    }

    private sealed class ConsoleDownloadProgress : IProgress<DownloadProgress>
    {
        private int _lastStep = -1;

        public void Report(DownloadProgress value)
        {
            int step = value.Fraction is { } f ? (int)(f * 20) : (int)(value.BytesDone >> 24); // 5% steps, or every 16 MiB
            if (step == _lastStep) return;
            _lastStep = step;
            Console.Error.WriteLine(value.BytesTotal is { } total
                ? $"downloading CIFAR-10: {value.BytesDone / 1e6:F1} / {total / 1e6:F1} MB"
                : $"downloading CIFAR-10: {value.BytesDone / 1e6:F1} MB");
        }
    }
}
