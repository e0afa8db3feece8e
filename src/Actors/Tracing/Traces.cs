using System.Diagnostics;
using ActorPipeline.Ml.Telemetry;

namespace ActorPipeline.Actors.Tracing;

/// <summary>
/// Spans across actors. Activity.Current does not flow through mailboxes (and an actor's thread serves many
/// actors), so spans are started detached, never left as Activity.Current on an actor thread, and their
/// context travels inside messages as a W3C traceparent string.
/// </summary>
public static class Traces
{
    /// <summary>Starts a span under <paramref name="traceParent"/> (or as a new trace root, linked to it when <paramref name="linkOnly"/>) without touching Activity.Current.</summary>
    /// <param name="links">More spans to link to (e.g. a re-queued repetition's earlier attempt).</param>
    public static Activity? StartDetached(string name, string? traceParent, bool linkOnly = false, IEnumerable<KeyValuePair<string, object?>>? tags = null,
        IEnumerable<string?>? links = null)
    {
        var previous = Activity.Current;
        try
        {
            Activity.Current = null;
            var parent = Parse(traceParent);
            var extra = (links ?? []).Select(Parse).OfType<ActivityContext>().Select(l => new ActivityLink(l));
            var activity = linkOnly || parent is null
                ? PipelineDiagnostics.Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), tags,
                    (parent is { } link ? [new ActivityLink(link)] : Enumerable.Empty<ActivityLink>()).Concat(extra).ToList())
                : PipelineDiagnostics.Source.StartActivity(name, ActivityKind.Internal, parent.Value, tags, extra.ToList());
            return activity;
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <summary>Starts a span as Activity.Current on this (worker) thread, so spans of the Ml code nest under it.</summary>
    public static Activity? StartOnThisThread(string name, string? traceParent, IEnumerable<KeyValuePair<string, object?>>? tags = null) =>
        Parse(traceParent) is { } parent
            ? PipelineDiagnostics.Source.StartActivity(name, ActivityKind.Internal, parent, tags)
            : PipelineDiagnostics.Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), tags);

    public static string? TraceParentOf(Activity? activity) => activity?.Id;

    public static void Fail(Activity? activity, Exception error)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.AddException(error);
    }

    private static ActivityContext? Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : null;
}
