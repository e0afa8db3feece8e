using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActorPipeline.Host.Telemetry;

/// <summary>
/// The running telemetry of one CLI run: providers exporting in the background, and the logger factory whose
/// loggers attach the current trace and span ids. Dispose flushes what is buffered, bounded by a short timeout
/// so that an unreachable collector never holds the process.
/// </summary>
public sealed class TelemetrySession : IDisposable
{
    private readonly TracerProvider? tracerProvider;
    private readonly MeterProvider? meterProvider;
    private readonly TimeSpan shutdownTimeout;
    private bool disposed;

    internal TelemetrySession(TelemetrySettings settings, TracerProvider? tracerProvider, MeterProvider? meterProvider,
                              ILoggerFactory? loggerFactory, TimeSpan shutdownTimeout)
    {
        Settings = settings;
        this.tracerProvider = tracerProvider;
        this.meterProvider = meterProvider;
        this.shutdownTimeout = shutdownTimeout;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public TelemetrySettings Settings { get; }

    /// <summary>False when nothing is configured: no providers exist and logging goes nowhere.</summary>
    public bool Enabled => Settings.Enabled;

    /// <summary>Loggers that export through OTLP with the ambient trace context (a no-op factory when disabled).</summary>
    public ILoggerFactory LoggerFactory { get; }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        var timeout = (int)shutdownTimeout.TotalMilliseconds;
        // Shut the three pipelines down side by side, so the worst case is one timeout, not three.
        var shutdowns = new[]
        {
            Task.Run(() => tracerProvider?.Shutdown(timeout)),
            Task.Run(() => meterProvider?.Shutdown(timeout)),
            Task.Run(() => { if (LoggerFactory is not NullLoggerFactory) LoggerFactory.Dispose(); }),
        };
        try
        {
            Task.WaitAll(shutdowns, shutdownTimeout + TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // Exporting is best effort: a failing collector must not fail the run.
        }
        tracerProvider?.Dispose();
        meterProvider?.Dispose();
    }
}
