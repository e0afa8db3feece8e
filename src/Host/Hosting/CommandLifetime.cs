using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// A host inside a CLI verb: the verb, not the host, owns the process's lifetime. System.CommandLine already turns
/// Ctrl+C and SIGTERM into the cancellation token every verb honours, and the verb stops its host when it is done;
/// the console lifetime would install a second set of signal handlers and print status lines on stdout.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
