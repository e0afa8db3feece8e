using ActorPipeline.Ml.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorPipeline.Host.Telemetry;

/// <summary>
/// Builds the OpenTelemetry pipelines (traces, metrics, logs) for <see cref="PipelineDiagnostics.Name"/>.
/// Everything is exported by background batch processors with short timeouts, so a slow or missing collector
/// costs the run nothing but the lost telemetry.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>How long one export may take before it is abandoned.</summary>
    public static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long dispose waits for the final flush of all signals together.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan BatchDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MetricInterval = TimeSpan.FromSeconds(10);

    /// <summary>Resolves the settings from the environment and the explicit override, then configures.</summary>
    public static TelemetrySession Configure(Uri? otlpEndpoint = null, OtlpProtocol? protocol = null, Func<string, string?>? environment = null) =>
        Configure(TelemetrySettings.Resolve(otlpEndpoint, protocol, environment));

    public static TelemetrySession Configure(TelemetrySettings settings)
    {
        if (!settings.Enabled)
            return new TelemetrySession(settings, null, null, null, ShutdownTimeout);

        var resource = ResourceBuilder.CreateDefault()
            .AddService(settings.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString(), serviceInstanceId: settings.ServiceInstanceId);

        TracerProvider? tracer = null;
        if (settings.TracesEndpoint is { } tracesEndpoint)
        {
            tracer = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(PipelineDiagnostics.Name)
                .AddOtlpExporter(options => Apply(options, settings.Protocol, tracesEndpoint))
                .Build();
        }

        MeterProvider? meter = null;
        ILoggerFactory? loggers = null;
        if (settings.MetricsEndpoint is { } metricsEndpoint && settings.LogsEndpoint is { } logsEndpoint)
        {
            meter = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(PipelineDiagnostics.Name)
                .AddOtlpExporter((options, reader) =>
                {
                    Apply(options, settings.Protocol, metricsEndpoint);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)MetricInterval.TotalMilliseconds;
                    reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
                })
                .Build();

            loggers = LoggerFactory.Create(builder => builder.AddOpenTelemetry(logging =>
            {
                logging.SetResourceBuilder(resource);
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
                logging.AddOtlpExporter((options, processor) =>
                {
                    Apply(options, settings.Protocol, logsEndpoint);
                    processor.ExportProcessorType = ExportProcessorType.Batch;
                    Apply(processor.BatchExportProcessorOptions);
                });
            }));
        }

        return new TelemetrySession(settings, tracer, meter, loggers, ShutdownTimeout);
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
