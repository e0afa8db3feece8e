using ActorPipeline.Actors.Dispatch;

namespace ActorPipeline.Host.Live;

/// <summary>
/// How busy each node's slots were over the last <see cref="Window"/>: the share of slot-time that ran work, from the
/// dispatcher statuses seen (each holds until the next). Fed every time the page reads the nodes; a node seen for less
/// than the window is measured over the time it was seen.
/// </summary>
public sealed class SlotUtilisation
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Dictionary<string, List<(DateTime At, int Busy, int Slots)>> _samples = new();

    public void Record(DispatchStatus status, DateTime at)
    {
        foreach (var node in status.Nodes)
        {
            if (!_samples.TryGetValue(node.Name, out var samples)) _samples[node.Name] = samples = [];
            if (samples.Count > 0 && samples[^1].At > at) continue; // out of order: keep the timeline monotonic
            samples.Add((at, node.Running.Count, Math.Max(1, node.Devices.Count * node.SlotsPerDevice)));
            // keep one sample before the window: it says what held at its start
            int stale = samples.FindLastIndex(s => s.At <= at - Window);
            if (stale > 0) samples.RemoveRange(0, stale);
        }
    }

    /// <summary>The busy share of <paramref name="node"/>'s slots from max(now − window, first seen) to now; null if seen only now or never.</summary>
    public (double Share, TimeSpan Over)? Of(string node, DateTime now)
    {
        if (!_samples.TryGetValue(node, out var samples) || samples.Count == 0) return null;
        var start = samples[0].At > now - Window ? samples[0].At : now - Window;
        if (now <= start) return null;
        double busy = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            var from = samples[i].At < start ? start : samples[i].At;
            var to = i + 1 < samples.Count ? samples[i + 1].At : now;
            if (to <= from) continue;
            busy += (to - from).TotalSeconds * Math.Min(samples[i].Busy, samples[i].Slots) / samples[i].Slots;
        }
        var over = now - start;
        return (busy / over.TotalSeconds, over);
    }
}
