using ActorPipeline.Host.Hosting;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Sweeps;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// The sweep coordinator as the cluster singleton of the coordinator role: one per cluster, the only journal writer.
/// The coordinator process hosts it (<see cref="WithCoordinatorSingleton"/>) and finds it in its <see cref="ActorRegistry"/>
/// under <see cref="SweepCoordinator"/> once it runs (it announces itself: <see cref="CoordinatorStarted"/>); worker nodes
/// reach it through a proxy registered under <see cref="CoordinatorProxy"/>, which buffers until it is found.
/// </summary>
public static class CoordinatorSingleton
{
    /// <summary>The singleton manager's name (/user/sweep), the same on every node.</summary>
    public const string ManagerName = "sweep";

    /// <summary>How long the coordinator process waits for its node to be up and the singleton to start before it gives up.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static ClusterSingletonOptions Options => new() { Role = ClusterRoles.Coordinator };

    public static AkkaConfigurationBuilder WithCoordinatorSingleton(this AkkaConfigurationBuilder builder, Props coordinator) => builder
        .WithActors((system, registry) =>
        {
            // Before the singleton can start (it needs the cluster formed): its announcement registers it.
            var registrar = system.ActorOf(Props.Create(() => new CoordinatorRegistrar(registry)), "coordinator-registrar");
            system.EventStream.Subscribe(registrar, typeof(CoordinatorStarted));
        })
        .WithSingleton<CoordinatorProxy>(ManagerName, coordinator, Options, createProxyToo: false);

    /// <summary>
    /// The coordinator once it is in <paramref name="registry"/>. Not the registry's GetAsync: it checks for the entry, then
    /// adds its waiter, and a registration that lands between the two (or one made without overwrite) is never told to it:
    /// the wait would last forever. The registry is looked at every <see cref="StartedPollInterval"/> instead.
    /// </summary>
    public static async Task<IActorRef> StartedAsync(IReadOnlyActorRegistry registry, CancellationToken cancellation)
    {
        IActorRef coordinator;
        while (!registry.TryGet<SweepCoordinator>(out coordinator)) await Task.Delay(StartedPollInterval, cancellation);
        return coordinator;
    }

    private static readonly TimeSpan StartedPollInterval = TimeSpan.FromMilliseconds(50);

    public static AkkaConfigurationBuilder WithCoordinatorProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<CoordinatorProxy>(ManagerName, Options);

    /// <summary>Puts the coordinator that announced itself into the registry (again after the singleton moved or restarted).</summary>
    private sealed class CoordinatorRegistrar : ReceiveActor
    {
        public CoordinatorRegistrar(IActorRegistry registry) =>
            Receive<CoordinatorStarted>(started => registry.TryRegister<SweepCoordinator>(started.Coordinator, overwrite: true));
    }
}

/// <summary>The registry key of the route to the coordinator singleton from a worker node.</summary>
public sealed class CoordinatorProxy;
