using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Ml.Telemetry;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>
/// The intrinsic dimension's time in the traces: each estimate a child span "intrinsic dimension" of its layer's
/// "similarity" span (which ran in a similarity actor), and the layer's span carrying the seconds it took.
/// </summary>
public sealed class IntrinsicDimensionSpanTests
{
    [Fact]
    public async Task Each_estimate_is_a_child_span_of_its_layers_similarity_span_which_carries_its_time()
    {
        using var temp = new TempDirectory();
        var tiny = TinySweeps.Plan(temp.Path, repetitions: 1, iterations: 1);
        var plan = tiny with { Problems = tiny.Problems.Select(p => p with { IntrinsicDimension = "all", IntrinsicDimensionPoints = 40 }).ToList() };
        var stopped = new ConcurrentBag<Activity>();
        ActivityTraceId? ours = null;
        var traces = new ConcurrentBag<ActivityTraceId>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // other tests run sweeps in parallel: keep the repetitions linked to this test's trace
            ActivityStarted = a =>
            {
                if (a.DisplayName == "repetition" && a.Links.Any(l => l.Context.TraceId == ours)) traces.Add(a.TraceId);
            },
            ActivityStopped = stopped.Add,
        })
        {
            ActivitySource.AddActivityListener(listener);
            using var root = PipelineDiagnostics.Source.StartActivity("test", ActivityKind.Internal, parentContext: default)!;
            ours = root.TraceId;
            await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new PersistenceConfig(), temp.Path), ["cpu"], 1, TinySweeps.Compute()) { TraceParent = root.Id });
        }

        var trace = Assert.Single(traces);
        var spans = stopped.Where(a => a.TraceId == trace).ToList();
        var similarity = spans.Where(s => s.DisplayName == "similarity").ToDictionary(s => s.SpanId);
        var estimates = spans.Where(s => s.DisplayName == "intrinsic dimension").ToList();
        // 4 layers, the dense and the pruned network each (repetition 0, iteration 1)
        Assert.Equal(8, estimates.Count);
        Assert.All(estimates, e => Assert.True(similarity.ContainsKey(e.ParentSpanId), $"{e.GetTagItem("layer")}: not under a similarity span"));
        Assert.Equal(["conv1", "conv1", "conv2", "conv2", "fc1", "fc1", "pool1", "pool1"], estimates.Select(e => (string)e.GetTagItem("layer")!).Order());
        Assert.Equal(4, estimates.Count(e => (string?)e.GetTagItem("network") == "dense"));
        Assert.All(estimates, e => Assert.Equal(40L, Convert.ToInt64(e.GetTagItem("points"), CultureInfo.InvariantCulture)));
        foreach (var layer in similarity.Values)
        {
            var seconds = Convert.ToDouble(layer.GetTagItem("intrinsic_dimension.seconds"), CultureInfo.InvariantCulture);
            var children = estimates.Where(e => e.ParentSpanId == layer.SpanId).Sum(e => e.Duration.TotalSeconds);
            // the layer's seconds cover its two estimates (and nothing of the similarity before them)
            Assert.InRange(seconds, children * 0.9, layer.Duration.TotalSeconds);
        }
    }
}
