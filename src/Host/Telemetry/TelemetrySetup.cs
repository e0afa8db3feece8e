using ActorPipeline.Ml.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorPipeline.Host.Telemetry;

/// <summary>
/// The OpenTelemetry pipelines (traces, metrics, logs) for <see cref="PipelineDiagnostics.Name"/>, registered through the
/// host's <c>AddOpenTelemetry</c> (<see cref="AddPipelineTelemetry"/>): a process's generic host starts and flushes them
/// with its lifetime; <see cref="Configure(TelemetrySettings)"/> builds the same registration for code without a host.
/// Everything is exported by background batch processors with short timeouts, so a slow or missing collector
/// costs the run nothing but the lost telemetry.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>How long one export may take before it is abandoned.</summary>
    public static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the final flush of all signals together may take.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan BatchDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MetricInterval = TimeSpan.FromSeconds(10);

    /// <summary>Resolves the settings from the environment and the explicit override, then configures.</summary>
    public static TelemetrySession Configure(Uri? otlpEndpoint = null, OtlpProtocol? protocol = null, Func<string, string?>? environment = null) =>
        Configure(TelemetrySettings.Resolve(otlpEndpoint, protocol, environment));

    /// <summary>The same providers as a host gets, in a service provider of their own (disposing the session flushes them).</summary>
    public static TelemetrySession Configure(TelemetrySettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPipelineTelemetry(settings);
        return new TelemetrySession(settings, services.BuildServiceProvider());
    }

    /// <summary>
    /// Registers the providers that <paramref name="settings"/> enable (none when disabled: no overhead), and a bounded
    /// flush when the host stops (<see cref="TelemetryFlush"/>).
    /// </summary>
    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services, TelemetrySettings settings)
    {
        services.AddSingleton(settings);
        if (!settings.Enabled) return services;

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource
            .AddService(settings.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString(), serviceInstanceId: settings.ServiceInstanceId));
        if (settings.TracesEndpoint is { } tracesEndpoint)
            telemetry.WithTracing(tracing => tracing
                .AddSource(PipelineDiagnostics.Name)
                .AddOtlpExporter(options => Apply(options, settings.Protocol, tracesEndpoint)));
        if (settings.MetricsEndpoint is { } metricsEndpoint && settings.LogsEndpoint is { } logsEndpoint)
        {
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(PipelineDiagnostics.Name)
                .AddOtlpExporter((options, reader) =>
                {
                    Apply(options, settings.Protocol, metricsEndpoint);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)MetricInterval.TotalMilliseconds;
                    reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
                }));
            telemetry.WithLogging(logging => logging.AddOtlpExporter((options, processor) =>
            {
                Apply(options, settings.Protocol, logsEndpoint);
                processor.ExportProcessorType = ExportProcessorType.Batch;
                Apply(processor.BatchExportProcessorOptions);
            }), options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });
        }
        services.AddHostedService<TelemetryFlush>();
        return services;
    }

    private static void Apply(OtlpExporterOptions options, OtlpProtocol protocol, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Protocol = protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        options.TimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
        options.ExportProcessorType = ExportProcessorType.Batch;
        Apply(options.BatchExportProcessorOptions);
    }

    private static void Apply<T>(BatchExportProcessorOptions<T> batch) where T : class
    {
        batch.ScheduledDelayMilliseconds = (int)BatchDelay.TotalMilliseconds;
        batch.ExporterTimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
    }
}
