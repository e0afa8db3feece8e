using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActorPipeline.Host.Telemetry;

/// <summary>
/// Flushes what the providers buffered, side by side and bounded by <see cref="TelemetrySetup.ShutdownTimeout"/>, so the
/// worst case is one timeout, not three, and an unreachable collector never holds the process. Runs when the host stops
/// (registered before the actor system, so it stops after it: the system's shutdown ends the last spans).
/// </summary>
internal sealed class TelemetryFlush(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Flush(services);
        return Task.CompletedTask;
    }

    public static void Flush(IServiceProvider services)
    {
        int timeout = (int)TelemetrySetup.ShutdownTimeout.TotalMilliseconds;
        var shutdowns = new[]
        {
            Task.Run(() => services.GetService<TracerProvider>()?.ForceFlush(timeout)),
            Task.Run(() => services.GetService<MeterProvider>()?.ForceFlush(timeout)),
            Task.Run(() => services.GetService<LoggerProvider>()?.ForceFlush(timeout)),
        };
        try
        {
            Task.WaitAll(shutdowns, TelemetrySetup.ShutdownTimeout + TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // Exporting is best effort: a failing collector must not fail the run.
        }
    }
}
