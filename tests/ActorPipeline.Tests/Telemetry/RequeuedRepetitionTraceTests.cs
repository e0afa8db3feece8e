using System.Collections.Concurrent;
using System.Diagnostics;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Ml.Telemetry;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>
/// The coordinator's side of a repetition's trace: each attempt is a "repetition" root whose "waiting for a free slot"
/// child ends when a node takes it (tagged with the node); a re-queued attempt links to the one it replaces.
/// </summary>
public sealed class RequeuedRepetitionTraceTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Default, output: output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_requeued_repetition_is_a_new_trace_linked_to_its_earlier_attempt_and_waiting_for_a_slot_is_its_own_span()
    {
        string sweepId = "fake-" + Guid.NewGuid().ToString("N")[..8];
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("assignment") is string id && id.StartsWith(sweepId)) stopped.Add(a);
            },
        };
        ActivitySource.AddActivityListener(listener);
        await JournalAccess.Write(Sys, PersistenceIds.Problem(sweepId, "cifar2"), new DenseTrained("cifar2", "cifar2/dense/final.pt", "cifar2/dense/rewind.pt", 2, 0.9));
        var dispatcher = CreateTestProbe();
        var supervisor = Sys.ActorOf(ProblemSupervisor.Props(sweepId, FakePlans.Problem("cifar2", repetitions: 1, iterations: 1), "artifacts", FakePlans.QuickRetries, dispatcher.Ref));
        supervisor.Tell(new RunProblem(TraceParent: null));

        var first = dispatcher.ExpectMsg<OfferWork>(Timeout).Order;
        supervisor.Tell(new WorkAssigned(first.AssignmentId, "127.0.0.1:40001"));
        supervisor.Tell(new AssignmentRevoked(first.AssignmentId, "node 127.0.0.1:40001 was lost"));
        var second = dispatcher.ExpectMsg<OfferWork>(Timeout).Order;
        supervisor.Tell(new WorkAssigned(second.AssignmentId, "127.0.0.1:40002"));

        Activity Span(string name, string assignment) => stopped.Single(a => a.DisplayName == name && (string?)a.GetTagItem("assignment") == assignment);
        await AwaitAssertAsync(() => Assert.Equal(3, stopped.Count), Timeout); // the first attempt ended; both waits ended
        var firstAttempt = Span("repetition", first.AssignmentId);
        var firstWait = Span("waiting for a free slot", first.AssignmentId);
        var secondWait = Span("waiting for a free slot", second.AssignmentId);

        Assert.Equal(firstAttempt.SpanId, firstWait.ParentSpanId);
        Assert.Equal("127.0.0.1:40001", firstWait.GetTagItem("node"));
        Assert.Equal("127.0.0.1:40001", firstAttempt.GetTagItem("node"));
        Assert.Equal("node 127.0.0.1:40001 was lost", firstAttempt.GetTagItem("revoked"));
        Assert.Equal("127.0.0.1:40002", secondWait.GetTagItem("node"));
        // The order carries the attempt's span: the node's iteration spans are its children, in the same trace.
        Assert.Equal(firstAttempt.Id, first.TraceParent);
        Assert.True(ActivityContext.TryParse(second.TraceParent, null, out var secondAttempt));
        Assert.Equal(secondAttempt.SpanId, secondWait.ParentSpanId);
        Assert.NotEqual(firstAttempt.TraceId, secondAttempt.TraceId); // its own trace …
        Sys.Stop(supervisor); // … which ends (withdrawn) with the supervisor: its links can be read
        await AwaitAssertAsync(() => Assert.Contains(stopped, a => a.DisplayName == "repetition" && (string?)a.GetTagItem("assignment") == second.AssignmentId), Timeout);
        var secondSpan = Span("repetition", second.AssignmentId);
        Assert.Contains(secondSpan.Links, l => l.Context.SpanId == firstAttempt.SpanId && l.Context.TraceId == firstAttempt.TraceId); // … linked to the earlier attempt
    }
}
