using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActorPipeline.Host.Telemetry;

/// <summary>
/// Telemetry for code that runs without a generic host (tests, tools): the providers of
/// <see cref="TelemetrySetup.AddPipelineTelemetry"/> in a service provider of their own, started at once. Dispose
/// flushes what is buffered, bounded by a short timeout, then disposes the providers.
/// </summary>
public sealed class TelemetrySession : IDisposable
{
    private readonly ServiceProvider _services;
    private bool _disposed;

    internal TelemetrySession(TelemetrySettings settings, ServiceProvider services)
    {
        Settings = settings;
        _services = services;
        // Resolving starts them (a host does the same when it starts).
        _ = services.GetService<TracerProvider>();
        _ = services.GetService<MeterProvider>();
        LoggerFactory = services.GetRequiredService<ILoggerFactory>();
    }

    public TelemetrySettings Settings { get; }

    /// <summary>False when nothing is configured: no providers exist and logging goes nowhere.</summary>
    public bool Enabled => Settings.Enabled;

    /// <summary>Loggers that export through OTLP with the ambient trace context (nothing is exported when disabled).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// Exports the finished spans now, waiting up to <paramref name="timeout"/>: for a caller that can wait longer than
    /// <see cref="Dispose"/>'s short exit bound (a test on a loaded machine). False if the export did not finish in time.
    /// </summary>
    public bool FlushTraces(TimeSpan timeout) => _services.GetService<TracerProvider>()?.ForceFlush((int)timeout.TotalMilliseconds) ?? true;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        TelemetryFlush.Flush(_services);
        var disposal = Task.Run(_services.Dispose);
        disposal.Wait(TelemetrySetup.ShutdownTimeout);
    }
}
