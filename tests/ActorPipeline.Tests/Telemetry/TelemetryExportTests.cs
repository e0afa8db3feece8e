using System.Diagnostics;
using ActorPipeline.Host.Telemetry;
using ActorPipeline.Ml.Telemetry;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>Spans from PipelineDiagnostics.Source, exported by TelemetrySetup, read back from a real OTLP receiver.</summary>
public sealed class TelemetryExportTests(AspireDashboardFixture dashboard) : IClassFixture<AspireDashboardFixture>
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(OtlpProtocol.Grpc)]
    [InlineData(OtlpProtocol.HttpProtobuf)]
    public async Task Spans_arrive_with_names_parent_links_and_attributes(OtlpProtocol protocol)
    {
        var receiver = dashboard.Receiver;
        var endpoint = protocol == OtlpProtocol.Grpc ? receiver.OtlpGrpcUrl : receiver.OtlpHttpUrl;
        var serviceName = $"actorpipeline-test-{protocol}";
        string traceId, rootId, childId;

        using (var session = TelemetrySetup.Configure(endpoint, protocol, Environment(("OTEL_SERVICE_NAME", serviceName))))
        {
            Assert.True(session.Enabled);
            using (var root = PipelineDiagnostics.Source.StartActivity("sweep", ActivityKind.Internal, parentContext: default))
            {
                Assert.NotNull(root); // the tracer provider listens to the source
                root.SetTag("sweep.profile", "paper");
                root.SetTag("sweep.jobs", 12);
                using var child = PipelineDiagnostics.Source.StartActivity("train")!;
                child.SetTag("problem", "cats-vs-dogs");
                child.SetTag("imp.iteration", 3);
                (traceId, rootId, childId) = (root.TraceId.ToHexString(), root.SpanId.ToHexString(), child.SpanId.ToHexString());
            }
        } // dispose flushes the batch

        var spans = await receiver.WaitForSpansAsync(traceId, 2, ArrivalTimeout);

        var sweep = Assert.Single(spans, s => s.Name == "sweep");
        var train = Assert.Single(spans, s => s.Name == "train");
        Assert.Equal(rootId, sweep.SpanId);
        Assert.Null(sweep.ParentSpanId);
        Assert.Equal(childId, train.SpanId);
        Assert.Equal(rootId, train.ParentSpanId);
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.All(spans, s => Assert.Equal(PipelineDiagnostics.Name, s.ScopeName));
        Assert.Equal("paper", sweep.Attributes["sweep.profile"]);
        Assert.Equal("12", sweep.Attributes["sweep.jobs"]);
        Assert.Equal("cats-vs-dogs", train.Attributes["problem"]);
        Assert.Equal("3", train.Attributes["imp.iteration"]);
        Assert.Equal(serviceName, sweep.ResourceAttributes["service.name"]);
    }

    [Theory]
    [InlineData(OtlpProtocol.Grpc)]
    [InlineData(OtlpProtocol.HttpProtobuf)]
    public async Task Logs_carry_the_trace_context_and_metrics_arrive(OtlpProtocol protocol)
    {
        var receiver = dashboard.Receiver;
        var endpoint = protocol == OtlpProtocol.Grpc ? receiver.OtlpGrpcUrl : receiver.OtlpHttpUrl;
        var serviceName = $"actorpipeline-logs-{protocol}";
        string traceId, spanId;

        using (var session = TelemetrySetup.Configure(endpoint, protocol, Environment(("OTEL_SERVICE_NAME", serviceName))))
        {
            var logger = session.LoggerFactory.CreateLogger("ActorPipeline.Tests");
            using (var activity = PipelineDiagnostics.Source.StartActivity("epoch", ActivityKind.Internal, parentContext: default)!)
            {
                (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
                logger.LogInformation("epoch {Epoch} of {Problem} done", 7, "cifar2");
            }
            PipelineDiagnostics.EpochsCompleted.Add(1, new KeyValuePair<string, object?>("problem", "cifar2"));
            PipelineDiagnostics.ImagesPerSecond.Record(1234.5);
        } // dispose flushes logs and collects metrics once more

        var log = Assert.Single(await receiver.WaitForLogsAsync(l => l.TraceId == traceId, ArrivalTimeout));
        Assert.Equal(spanId, log.SpanId);
        Assert.Equal(serviceName, log.ServiceName);
        Assert.Contains("epoch 7 of cifar2 done", log.Body + " " + string.Join(' ', log.Attributes.Values));
        Assert.Equal("7", log.Attributes["Epoch"]);
        await receiver.WaitForMetricsAsync(serviceName, ArrivalTimeout);
    }

    [Fact]
    public async Task Unknown_trace_reads_back_as_null()
    {
        using var trace = await dashboard.Receiver.GetTraceAsync(ActivityTraceId.CreateRandom().ToHexString());
        Assert.Null(trace);
    }

    internal static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
