using ActorPipeline.Host.Persistence;
using ActorPipeline.Ml.Data;

namespace ActorPipeline.Host.Cli;

/// <summary>Turns the errors a user can fix (bad input, missing files, bad data) into one clear line and exit code 2.</summary>
internal static class CliErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is Cifar10SourceException or Cifar10FormatException or ArgumentException or InvalidDataException
                                       or FileNotFoundException or DirectoryNotFoundException or FormatException or InvalidOperationException
                                       or JournalUnavailableException or SweepLockedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled; run the same command again to continue where it stopped.");
            return 130;
        }
    }
}
