using System.CommandLine;
using System.Diagnostics;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Data;

namespace ActorPipeline.Host.Commands;

/// <summary>`data-info`: where CIFAR-10 comes from, whether it is the official archive, and what each problem's splits hold.</summary>
internal static class DataInfoCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = $"CIFAR-10 archive (cifar-10-binary.tar.gz) or extracted folder; default: ${Cifar10SourceOptions.EnvironmentVariableName}, then the cache, then a download." };
        var seed = new Option<long>("--seed") { Description = "Seed of the splits shown.", DefaultValueFactory = _ => 0 };
        var noDownload = new Option<bool>("--no-download") { Description = "Fail instead of downloading when no local copy is found." };
        var command = new Command("data-info", "Locate and validate CIFAR-10; print its provenance, md5 status and per-class counts of every problem's splits.")
        {
            data, seed, noDownload,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await RunAsync(parse.GetValue(data), parse.GetValue(seed), !parse.GetValue(noDownload), cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is Cifar10SourceException or Cifar10FormatException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task RunAsync(string? path, long seed, bool allowDownload, CancellationToken cancellationToken)
    {
        var source = Cifar10Loading.ConsoleSource(allowDownload);
        var watch = Stopwatch.StartNew();
        var location = await source.ResolveAsync(path, cancellationToken);
        var located = watch.Elapsed;
        var dataset = Cifar10Reader.Read(location.Path);
        var read = watch.Elapsed - located;

        Console.WriteLine($"CIFAR-10: {location.Path}");
        Console.WriteLine($"  found via: {Describe(location.Origin)}");
        Console.WriteLine($"  md5: {location.Checksum switch
        {
            ChecksumStatus.Official => $"{location.Md5} (official)",
            ChecksumStatus.NotOfficial => $"{location.Md5} (NOT the official {source.Options.ExpectedMd5})",
            _ => "not checked (extracted folder)",
        }}");
        Console.WriteLine($"  located in {located.TotalSeconds:F2} s, read and validated in {read.TotalSeconds:F2} s");
        Console.WriteLine($"  train {dataset.Train.Count:N0}, test {dataset.Test.Count:N0}");
        var train = dataset.Train.CountPerClass();
        var test = dataset.Test.CountPerClass();
        for (int c = 0; c < Cifar10Format.ClassCount; c++)
            Console.WriteLine($"    {Cifar10Format.Describe(c),-16} train {train[c],6:N0}  test {test[c],6:N0}");

        Console.WriteLine($"Problem splits (seed {seed}; per-class counts in local label order):");
        foreach (var problem in Problems.All)
        {
            var split = ProblemData.Build(dataset, problem, seed);
            Console.WriteLine($"  {problem}");
            Print("train", split.Train);
            Print("validation", split.Validation);
            Print("test", split.Test);
            Print("probe", split.Probe);
        }
    }

    private static void Print(string name, LabeledImages? images) =>
        Console.WriteLine(images is null
            ? $"    {name,-10} none"
            : $"    {name,-10} {images.Count,6:N0}  [{string.Join(", ", images.CountPerClass().Select(n => n.ToString("N0")))}]");

    private static string Describe(Cifar10Origin origin) => origin switch
    {
        Cifar10Origin.ExplicitPath => "--data",
        Cifar10Origin.EnvironmentVariable => Cifar10SourceOptions.EnvironmentVariableName,
        Cifar10Origin.Cache => "cache",
        Cifar10Origin.Downloaded => "downloaded now",
        _ => origin.ToString(),
    };

    /// <summary>One stderr line per 5% of a download.</summary>
}
