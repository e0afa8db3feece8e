using System.Collections.Concurrent;
using System.Diagnostics;
using ActorPipeline.Ml.Telemetry;

namespace ActorPipeline.Actors.Bench;

/// <summary>
/// When each piece of work of one sweep was offered, without timing code in the supervisors: a problem supervisor
/// starts a "waiting for a free slot" span (tagged with the assignment id) right before it sends
/// <see cref="Actors.Dispatch.OfferWork"/>, so an <see cref="ActivityListener"/> that samples those spans, and only
/// those, sees every offer the moment it is made.
/// </summary>
public sealed class OfferClock : IDisposable
{
    /// <summary>The name of the supervisor's span from the offer until a node took the work (see ProblemSupervisor.StartWork).</summary>
    public const string WaitingSpan = "waiting for a free slot";

    private readonly ConcurrentDictionary<string, long> _offeredAt = new();
    private readonly ActivityListener _listener;
    private readonly string _prefix;

    /// <param name="sweepId">Only this sweep's offers are timed (assignment ids start with the sweep id).</param>
    public OfferClock(string sweepId)
    {
        _prefix = sweepId + "/";
        _listener = new ActivityListener
        {
            // By name: the source may be created (static initialisation) while this very callback runs.
            ShouldListenTo = source => source.Name == PipelineDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Name == WaitingSpan && IsOurs(options.Tags?.FirstOrDefault(t => t.Key == "assignment").Value)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == WaitingSpan && activity.GetTagItem("assignment") is string id && IsOurs(id))
                    _offeredAt.TryAdd(id, Stopwatch.GetTimestamp());
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The <see cref="Stopwatch.GetTimestamp"/> of the offer of <paramref name="assignmentId"/>, forgotten once taken.</summary>
    public long? Take(string assignmentId) => _offeredAt.TryRemove(assignmentId, out var at) ? at : null;

    public void Dispose() => _listener.Dispose();

    private bool IsOurs(object? assignmentId) => assignmentId is string id && id.StartsWith(_prefix, StringComparison.Ordinal);
}
