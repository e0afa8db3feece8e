using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Routing;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// Threads of the simulated nodes' own (an Akka dispatcher): every actor under a node agent (runners, workers, device
/// pools) runs on them, so the simulation (a worker starts a thread for every step: cheap next to a training, not next to an
/// instant one) never holds the threads the coordinator, its supervisors and the journal run on. On separate
/// machines, as in a real cluster, the nodes' load does not reach the coordinator's process at all.
/// </summary>
internal static class NodeThreadPool
{
    public const string Id = "actorpipeline.bench-node-thread-pool";

    /// <summary>Registers the thread pool and deploys every actor below <c>/user/{nodePattern}/agent</c> on it.</summary>
    public static void Install(ActorSystem system, string nodePattern, int threads)
    {
        var config = ConfigurationFactory.ParseString($$"""
            id = "{{Id}}"
            type = Dispatcher
            executor = fork-join-executor
            throughput = 30
            fork-join-executor { parallelism-min = {{threads}}, parallelism-factor = 1.0, parallelism-max = {{threads}} }
            """).WithFallback(system.Dispatchers.DefaultDispatcherConfig);
        system.Dispatchers.RegisterConfigurator(Id, new DispatcherConfigurator(config, system.Dispatchers.Prerequisites));
        ((ExtendedActorSystem)system).Provider.Deployer.SetDeploy(
            new Deploy($"/{nodePattern}/agent/**", Config.Empty, NoRouter.Instance, Deploy.NoScopeGiven, Id));
    }
}
