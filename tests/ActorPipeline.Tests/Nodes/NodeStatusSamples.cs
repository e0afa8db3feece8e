using ActorPipeline.Actors.Dispatch;

namespace ActorPipeline.Tests.Nodes;

/// <summary>Hand-made dispatcher statuses: two nodes (one busy, one idle), two lost, a queue.</summary>
internal static class NodeStatusSamples
{
    public static DateTime Utc(int hour, int minute, int second) => new(2026, 12, 1, hour, minute, second, DateTimeKind.Utc);

    public static DispatchStatus TwoNodes(int queued = 7, DateTime? at = null) => new(
        [
            new NodeStatus("10.0.0.5:4053", ["cuda:0", "cuda:1"], 2, Utc(13, 0, 0),
            [
                new RunningWork("a-1", "cifar2", 3, Utc(14, 2, 5)),
                new RunningWork("a-2", "cifar4", -1, Utc(14, 13, 20)),
            ]),
            new NodeStatus("local", ["cpu"], 1, Utc(13, 0, 1), []),
        ],
        [
            new LostNode("10.0.0.7:4053", Utc(13, 40, 0), 2),
            new LostNode("10.0.0.8:4053", Utc(13, 50, 0), 1),
        ],
        queued, at ?? Utc(14, 14, 0));
}
