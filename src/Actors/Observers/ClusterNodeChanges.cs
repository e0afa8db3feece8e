using ActorPipeline.Actors.Dispatch;

namespace ActorPipeline.Actors.Observers;

/// <summary>The lines a coordinator's terminal prints when its cluster changes: a node joined, a node was lost and its work re-queued, a node refused the sweep and why.</summary>
public static class ClusterNodeChanges
{
    public static IEnumerable<string> Between(DispatchStatus? before, DispatchStatus now)
    {
        var known = before?.Nodes.Select(n => n.Name).ToHashSet() ?? [];
        foreach (var node in now.Nodes.Where(n => !known.Contains(n.Name)))
            yield return $"node {node.Name} joined: {string.Join(",", node.Devices)} × {node.SlotsPerDevice} slot{(node.SlotsPerDevice == 1 ? "" : "s")}";
        foreach (var lost in now.Lost.Skip(before?.Lost.Count ?? 0))
            yield return $"node {lost.Name} lost at {lost.At.ToLocalTime():HH:mm:ss}: {lost.AssignmentsRequeued} assignment{(lost.AssignmentsRequeued == 1 ? "" : "s")} back in the queue (no failed attempt recorded)";
        foreach (var refused in now.Refused.Skip(before?.Refused.Count ?? 0))
            yield return $"node {refused.Name} refused at {refused.At.ToLocalTime():HH:mm:ss}, it runs nothing: {refused.Reason}";
    }
}
