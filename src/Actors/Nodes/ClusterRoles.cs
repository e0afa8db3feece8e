namespace ActorPipeline.Actors.Nodes;

/// <summary>The two kinds of node: the one process that runs `sweep` (and its singleton), and the `worker` processes.</summary>
public static class ClusterRoles
{
    public const string Coordinator = "coordinator";
    public const string Worker = "worker";

    /// <summary>The actor system's name: the same on every node, or they cannot form one cluster.</summary>
    public const string SystemName = "actorpipeline";
}
