using ActorPipeline.Actors.Observers;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Live;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// `sweep view`: a host with only the sweep's journal (read, never written) and the live page, until cancelled. It takes
/// no lock: the sweep may be running elsewhere meanwhile, and its page follows it.
/// </summary>
public static class ViewSweep
{
    public static async Task<int> RunAsync(string folder, LivePageOptions options, TextWriter output, CancellationToken cancellation)
    {
        var (source, journal) = LiveSweepSource.Load(folder, options.CompareWith);
        var page = new LivePageHosting(options, source, Activity: null);
        var host = await PipelineHost.StartAsync("actorpipeline-view",
            akka => akka.WithPipelineLogging(Path.Combine(source.Folder, "view.log"), quiet: true).WithSweepJournal(journal),
            telemetry: null, cancellation, page.AddTo);
        try
        {
            output.WriteLine($"sweep {source.Manifest.SweepId} in {source.Folder}");
            output.WriteLine($"journal {source.JournalDescription}");
            if (source.CompareWith is { } other) output.WriteLine($"compare with {other.Folder} (sweep {other.Manifest.SweepId})");
            output.WriteLine(LivePageHosting.Describe(host));
            if (LivePageHosting.Server(host).Url is null) return 1;
            output.WriteLine("serving until Ctrl+C");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        }
        finally
        {
            await host.StopAndDisposeAsync();
        }
    }
}
