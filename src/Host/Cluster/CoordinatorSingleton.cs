using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using ActorPipeline.Actors.Nodes;

namespace ActorPipeline.Host.Cluster;

/// <summary>
/// The sweep coordinator as the cluster singleton of the coordinator role: one per cluster, the only journal writer.
/// Worker nodes reach it through a <see cref="Proxy"/>; the coordinator process talks to the singleton itself.
/// </summary>
public static class CoordinatorSingleton
{
    public const string ManagerName = "sweep";

    /// <summary>How long the coordinator waits for its own node to be up and the singleton to start before it gives up.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Joins the cluster (this node is its seed), starts the singleton manager and returns the singleton once it runs.</summary>
    public static async Task<IActorRef> StartAsync(ActorSystem system, Props coordinator, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(StartTimeout, cancellation).ConfigureAwait(false);

        system.ActorOf(ClusterSingletonManager.Props(coordinator, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Coordinator).WithSingletonName("singleton")), ManagerName);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var identity = await system.ActorSelection($"/user/{ManagerName}/singleton").Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5), cancellation);
            if (identity.Subject is { } singleton) return singleton;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The sweep coordinator did not start as the cluster singleton within {StartTimeout.TotalSeconds:0} s (is another coordinator the oldest node of this cluster?).");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        }
    }

    /// <summary>Where a worker node sends its registration: the singleton, wherever it runs (messages are buffered until it is found).</summary>
    public static Props Proxy(ActorSystem system) => ClusterSingletonProxy.Props($"/user/{ManagerName}",
        ClusterSingletonProxySettings.Create(system).WithRole(ClusterRoles.Coordinator).WithSingletonName("singleton"));
}
