using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Tests.Cluster;

/// <summary>
/// A coordinator node of a cluster inside the test process, composed as <see cref="SweepHost"/> composes one
/// (<see cref="PipelineHost"/>, the cluster node of the coordinator role, the sweep coordinator as the cluster singleton),
/// but on 127.0.0.1 with a port the OS picks and on the in-memory journal of the actor tests: no database is needed.
/// Workers join it at <see cref="Endpoint"/>.
/// </summary>
internal sealed class InProcessCoordinator : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessCoordinator(IHost host, IActorRef singleton)
    {
        _host = host;
        Singleton = singleton;
        var self = Akka.Cluster.Cluster.Get(System).SelfAddress;
        Endpoint = new ClusterEndpoint(self.Host!, self.Port!.Value);
    }

    public ActorSystem System => _host.ActorSystem();
    public IActorRef Singleton { get; }
    public ClusterEndpoint Endpoint { get; }

    public static async Task<InProcessCoordinator> StartAsync(SweepPlan plan, CancellationToken cancellation)
    {
        var node = new ClusterNodeSettings(new ClusterEndpoint("127.0.0.1", 0), PublicHost: null, ClusterRoles.Coordinator, Seed: null);
        var host = await PipelineHost.StartAsync(ClusterRoles.SystemName, akka => akka
            .WithClusterNode(node)
            // The port is known only once remoting is bound: no seed node in the config, the node joins itself (it is the seed).
            .AddHocon("akka.cluster.seed-nodes = []", HoconAddMode.Prepend)
            .AddHocon(ActorTestConfig.InMemoryPersistence, HoconAddMode.Prepend)
            .WithCoordinatorSingleton(SweepCoordinator.Props(plan)), telemetry: null, cancellation);
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(host.ActorSystem());
            await cluster.JoinAsync(cluster.SelfAddress, cancellation);
            var singleton = await CoordinatorSingleton.StartedAsync(host.Actors(), cancellation).WaitAsync(CoordinatorSingleton.StartTimeout, cancellation);
            return new InProcessCoordinator(host, singleton);
        }
        catch
        {
            await host.StopAndDisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _host.StopAndDisposeAsync();
}
