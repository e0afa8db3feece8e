using System.Globalization;
using ActorPipeline.Actors.Dispatch;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// The "nodes" block of `sweep status`: each node with its devices, slots and running work, the nodes lost, the
/// queue. Pure (the status, the time now and the time zone in, lines out) so that it is tested without a clock.
/// </summary>
public static class NodeStatusLines
{
    /// <summary>Older than this while the sweep is not finished: the coordinator, which rewrites the file every 30 s, is probably gone.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public static IReadOnlyList<string> Format(DispatchStatus status, DateTime now, bool sweepFinished, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Local;
        var age = Utc(now) - Utc(status.At);
        string stale = !sweepFinished && age > StaleAfter ? " (stale: the coordinator is not running?)" : "";
        var lines = new List<string> { $"nodes (as of {Clock(status.At, zone)}, {Span(age)} ago){stale}" };
        if (status.Nodes.Count == 0) lines.Add("  no nodes joined");
        int width = status.Nodes.Count == 0 ? 0 : status.Nodes.Max(n => n.Name.Length);
        foreach (var node in status.Nodes)
        {
            int slots = node.Devices.Count * node.SlotsPerDevice;
            lines.Add($"  {node.Name.PadRight(width)}  {string.Join(",", node.Devices)} × {Count(node.SlotsPerDevice, "slot")}  {node.Running.Count}/{slots} busy");
            foreach (var work in node.Running)
            {
                string what = work.Repetition < 0 ? "dense training" : $"repetition {work.Repetition}";
                lines.Add($"    {work.Problem} {what} since {Clock(work.Since, zone)} ({Span(Utc(now) - Utc(work.Since))})");
            }
        }
        foreach (var lost in status.Lost)
            lines.Add($"  lost: {lost.Name} at {Clock(lost.At, zone)} ({Count(lost.AssignmentsRequeued, "assignment")} re-queued)");
        foreach (var refused in status.Refused)
            lines.Add($"  refused: {refused.Name} at {Clock(refused.At, zone)}: {refused.Reason}");
        lines.Add($"  queued: {status.Queued}");
        return lines;
    }

    /// <summary>"45s", "12 min", "2 h 5 min"; a negative span (another machine's clock ahead of this one) is 0s.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span < TimeSpan.FromMinutes(1)) return $"{(int)span.TotalSeconds}s";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes} min";
        return $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string Clock(DateTime time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(Utc(time), zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    // The dispatcher stamps UTC; one read back from JSON without a zone is taken as UTC too.
    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };
}
