using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Telemetry;
using ActorPipeline.Ml.Telemetry;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>
/// A real sweep through the actors, exported over OTLP to the Aspire dashboard and read back: the sweep trace
/// (sweep → problem → dense training → training) and one trace per repetition, linked to its problem span,
/// whose similarity spans are children of the worker's probing span although they ran in other actors.
/// </summary>
public sealed class SweepTracingTests(AspireDashboardFixture dashboard) : IClassFixture<AspireDashboardFixture>
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_sweep_exports_linked_traces_whose_context_crosses_actors()
    {
        var receiver = dashboard.Receiver;
        using var temp = new TempDirectory();
        var plan = TinySweeps.Plan(temp.Path, repetitions: 1, iterations: 1);
        var repetitionTraces = new ConcurrentBag<string>();
        string sweepTrace;
        ActivityTraceId? ours = null;
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Other tests run sweeps in parallel: keep only repetitions linked to this test's trace.
            ActivityStarted = a =>
            {
                if (a.DisplayName == "repetition" && a.Links.Any(l => l.Context.TraceId == ours)) repetitionTraces.Add(a.TraceId.ToHexString());
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            using var session = TelemetrySetup.Configure(receiver.OtlpGrpcUrl, OtlpProtocol.Grpc, TelemetryExportTests.Environment(("OTEL_SERVICE_NAME", "sweep-tracing-test")));
            ActorPipeline.Actors.Tracing.PipelineLog.Use(session.LoggerFactory);
            using var root = PipelineDiagnostics.Source.StartActivity("test", ActivityKind.Internal, parentContext: default)!;
            sweepTrace = root.TraceId.ToHexString();
            ours = root.TraceId;
            try
            {
                await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new PersistenceConfig(), temp.Path), ["cpu"], 1, TinySweeps.Compute()) { TraceParent = root.Id });
                // The sweep and problem spans end last; the session's exit flush is bounded by 3 s, which a loaded CI
                // machine's first gRPC export can exceed (CI lost exactly those two once): wait for them here instead.
                Assert.True(session.FlushTraces(ArrivalTimeout), $"the spans were not exported within {ArrivalTimeout}");
            }
            finally
            {
                ActorPipeline.Actors.Tracing.PipelineLog.Use(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            }
        }

        var sweepSpans = await receiver.WaitForSpansAsync(sweepTrace, 5, ArrivalTimeout);
        var sweep = Assert.Single(sweepSpans, s => s.Name == "sweep");
        var problem = Assert.Single(sweepSpans, s => s.Name == "problem");
        var dense = Assert.Single(sweepSpans, s => s.Name == "dense training");
        var denseTraining = Assert.Single(sweepSpans, s => s.Name == "training" && s.ParentSpanId == dense.SpanId);
        Assert.Equal(sweep.SpanId, problem.ParentSpanId);   // crossed coordinator → supervisor
        Assert.Equal(problem.SpanId, dense.ParentSpanId);   // crossed supervisor → dense trainer's thread
        Assert.Equal("cifar2", problem.Attributes["problem"]);
        Assert.Equal(plan.SweepId, sweep.Attributes["sweep.id"]);
        Assert.True(double.Parse(dense.Attributes["test.accuracy"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("2", denseTraining.Attributes["training.epochs"]);

        var repetitionTrace = Assert.Single(repetitionTraces);
        Assert.NotEqual(sweepTrace, repetitionTrace); // its own trace
        var spans = await receiver.WaitForSpansAsync(repetitionTrace, 10, ArrivalTimeout);
        var repetition = Assert.Single(spans, s => s.Name == "repetition");
        var queued = Assert.Single(spans, s => s.Name == "waiting for a free slot"); // queueing for a node is not the repetition's own time
        Assert.Equal(repetition.SpanId, queued.ParentSpanId);
        Assert.Equal("local", queued.Attributes["node"]);
        Assert.Equal("local", repetition.Attributes["node"]);
        var waiting = Assert.Single(spans, s => s.Name == "waiting for a device"); // nor is waiting for the node's device
        Assert.Equal(repetition.SpanId, waiting.ParentSpanId);
        Assert.Equal("cpu", waiting.Attributes["device"]);
        var iteration = Assert.Single(spans, s => s.Name == "imp iteration");
        var probing = Assert.Single(spans, s => s.Name == "probing");
        var similarities = spans.Where(s => s.Name == "similarity").ToList();
        Assert.Null(repetition.ParentSpanId);
        Assert.Equal(repetition.SpanId, iteration.ParentSpanId);
        Assert.Contains(spans, s => s.Name == "training" && s.ParentSpanId == iteration.SpanId);
        Assert.Contains(spans, s => s.Name == "pruning" && s.ParentSpanId == iteration.SpanId && s.Attributes.ContainsKey("sparsity.overall"));
        Assert.Equal(iteration.SpanId, probing.ParentSpanId);
        Assert.Equal(["conv1", "conv2", "fc1", "pool1"], similarities.Select(s => s.Attributes["layer"]).Order());
        Assert.All(similarities, s => Assert.Equal(probing.SpanId, s.ParentSpanId)); // crossed worker → similarity actors
        Assert.All(similarities, s => Assert.InRange(double.Parse(s.Attributes["similarity.svcca"], System.Globalization.CultureInfo.InvariantCulture), 0, 1.000001));
        Assert.Equal("cpu", iteration.Attributes["device"]);
        Assert.Equal("local", iteration.Attributes["node"]);
        Assert.True(double.Parse(iteration.Attributes["sparsity.overall"], System.Globalization.CultureInfo.InvariantCulture) > 0);

        // Step logs carry the trace and span of the iteration they were written in.
        var logs = await receiver.WaitForLogsAsync(l => l.TraceId == repetitionTrace && l.Body.Contains("IMP iteration"), ArrivalTimeout);
        Assert.Contains(logs, l => l.TraceId == repetitionTrace && l.SpanId == iteration.SpanId);

        // The repetition's root links back to its problem's span in the sweep trace.
        using var document = await receiver.GetTraceAsync(repetitionTrace);
        var links = LinksOf(document!, "repetition");
        Assert.Contains((sweepTrace, problem.SpanId), links);
    }

    private static List<(string TraceId, string SpanId)> LinksOf(JsonDocument document, string spanName)
    {
        var found = new List<(string, string)>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == spanName
                    && element.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array)
                    foreach (var link in links.EnumerateArray())
                        found.Add((link.GetProperty("traceId").GetString()!, link.GetProperty("spanId").GetString()!));
                foreach (var property in element.EnumerateObject()) Walk(property.Value);
            }
            else if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray()) Walk(item);
        }
        Walk(document.RootElement);
        return found;
    }
}
