using System.Diagnostics;
using ActorPipeline.Host.Telemetry;
using ActorPipeline.Ml.Telemetry;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Tests.Telemetry;

public sealed class TelemetrySetupTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) => TelemetryExportTests.Environment(variables);

    [Fact]
    public void Nothing_configured_means_disabled_without_providers()
    {
        using var session = TelemetrySetup.Configure(environment: Environment());
        Assert.False(session.Enabled);
        Assert.False(session.LoggerFactory.CreateLogger("x").IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public void Sdk_disabled_wins_over_the_endpoint_variable_but_not_over_the_flag()
    {
        var environment = Environment(("OTEL_SDK_DISABLED", "true"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"));
        Assert.False(TelemetrySettings.Resolve(environment: environment).Enabled);
        Assert.True(TelemetrySettings.Resolve(new Uri("http://127.0.0.1:4317"), environment: environment).Enabled);
    }

    [Fact]
    public void Http_appends_signal_paths_and_grpc_keeps_the_endpoint()
    {
        var http = TelemetrySettings.Resolve(environment: Environment(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_SERVICE_NAME", "svc")));
        Assert.Equal(OtlpProtocol.HttpProtobuf, http.Protocol);
        Assert.Equal("http://collector:4318/v1/traces", http.TracesEndpoint!.AbsoluteUri);
        Assert.Equal("http://collector:4318/v1/metrics", http.MetricsEndpoint!.AbsoluteUri);
        Assert.Equal("http://collector:4318/v1/logs", http.LogsEndpoint!.AbsoluteUri);
        Assert.Equal("svc", http.ServiceName);

        var grpc = TelemetrySettings.Resolve(environment: Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));
        Assert.Equal(OtlpProtocol.Grpc, grpc.Protocol);
        Assert.Equal("http://collector:4317/", grpc.TracesEndpoint!.AbsoluteUri);
        Assert.Equal(TelemetrySettings.DefaultServiceName, grpc.ServiceName);
    }

    [Fact]
    public void Traces_endpoint_alone_exports_traces_only_and_is_used_as_given()
    {
        var settings = TelemetrySettings.Resolve(environment: Environment(
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/custom/traces"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")));
        Assert.True(settings.Enabled);
        Assert.Equal("http://collector:4318/custom/traces", settings.TracesEndpoint!.AbsoluteUri);
        Assert.Null(settings.MetricsEndpoint);
    }

    [Fact]
    public void The_flag_overrides_the_variables()
    {
        var settings = TelemetrySettings.Resolve(new Uri("http://127.0.0.1:9999"), OtlpProtocol.HttpProtobuf, Environment(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://elsewhere:4317")));
        Assert.Equal("http://127.0.0.1:9999/v1/traces", settings.TracesEndpoint!.AbsoluteUri);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector:21")]
    public void Bad_variables_are_clear_errors_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => TelemetrySettings.Resolve(environment: Environment((name, value), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://x:1"))));
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData(OtlpProtocol.Grpc)]
    [InlineData(OtlpProtocol.HttpProtobuf)]
    public void A_missing_collector_neither_slows_nor_breaks_the_run(OtlpProtocol protocol)
    {
        var nobodyListens = new Uri($"http://127.0.0.1:{UnusedPort()}");
        var watch = Stopwatch.StartNew();
        using (var session = TelemetrySetup.Configure(nobodyListens, protocol, Environment()))
        {
            var logger = session.LoggerFactory.CreateLogger("test");
            for (int i = 0; i < 200; i++)
            {
                using var activity = PipelineDiagnostics.Source.StartActivity("epoch");
                activity?.SetTag("epoch", i);
                PipelineDiagnostics.EpochsCompleted.Add(1);
                PipelineDiagnostics.ImagesPerSecond.Record(1000 + i);
                logger.LogInformation("epoch {Epoch} done", i);
            }
            PipelineDiagnostics.ReportSweepProgress(0.5);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"emitting took {watch.Elapsed}: exporting must not block the caller");
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"dispose with no collector took {watch.Elapsed}");
    }

    [Fact]
    public void Sweep_progress_is_clamped_to_a_fraction()
    {
        PipelineDiagnostics.ReportSweepProgress(1.7);
        Assert.Equal(1.0, PipelineDiagnostics.CurrentSweepProgress);
        PipelineDiagnostics.ReportSweepProgress(-1);
        Assert.Equal(0.0, PipelineDiagnostics.CurrentSweepProgress);
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
