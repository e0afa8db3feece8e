using ActorPipeline.Host.Hosting;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Observers;

namespace ActorPipeline.Tests.Cluster;

/// <summary>The cluster's settings and the coordinator's node lines: what users type and read.</summary>
public sealed class ClusterSettingsTests
{
    [Theory]
    [InlineData("127.0.0.1:4053", "127.0.0.1", 4053)]
    [InlineData("coordinator:0", "coordinator", 0)]
    [InlineData("[::1]:4053", "::1", 4053)]
    public void An_endpoint_is_host_colon_port(string text, string host, int port) =>
        Assert.Equal(new ClusterEndpoint(host, port), ClusterEndpoint.Parse(text, "--join"));

    [Theory]
    [InlineData("127.0.0.1", "--join takes HOST:PORT")]
    [InlineData(":4053", "--join takes HOST:PORT")]
    [InlineData("host:", "--join takes HOST:PORT")]
    [InlineData("host:70000", "is not a port")]
    [InlineData("host:-1", "is not a port")]
    public void A_bad_endpoint_names_the_option_and_the_form(string text, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => ClusterEndpoint.Parse(text, "--join")).Message);

    /// <summary>A node as the composition root builds it (remoting on a free port; the seed need not answer).</summary>
    private static Task<Microsoft.Extensions.Hosting.IHost> StartNodeAsync(ClusterNodeSettings node) =>
        PipelineHost.StartAsync(ClusterRoles.SystemName, akka =>
        {
            akka.WithPipelineLogging(logFile: null, quiet: true).WithClusterNode(node);
            if (node.Role == ClusterRoles.Coordinator) akka.WithCoordinatorSingleton(Akka.Actor.Props.Create<Akka.Actor.EventStreamActor>());
            else akka.WithCoordinatorProxy();
        }, telemetry: null, CancellationToken.None);

    [Fact]
    public async Task The_split_brain_resolver_keeps_the_side_with_the_coordinator_and_never_downs_a_lonely_coordinator()
    {
        var worker = await StartNodeAsync(new ClusterNodeSettings(new ClusterEndpoint("127.0.0.1", 0), "worker7", ClusterRoles.Worker, new ClusterEndpoint("coordinator", 4053)));
        try
        {
            var config = worker.ActorSystem().Settings.Config;
            Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
            Assert.Equal(ClusterRoles.Coordinator, config.GetString("akka.cluster.split-brain-resolver.keep-oldest.role"));
            Assert.False(config.GetBoolean("akka.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
            Assert.Equal([ClusterRoles.Worker], config.GetStringList("akka.cluster.roles"));
            Assert.Equal(["akka.tcp://actorpipeline@coordinator:4053"], config.GetStringList("akka.cluster.seed-nodes"));
            Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
            Assert.Equal("worker7", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
            Assert.Equal("worker7", Akka.Cluster.Cluster.Get(worker.ActorSystem()).SelfAddress.Host);
        }
        finally
        {
            await worker.StopAndDisposeAsync();
        }

        var coordinator = new ClusterNodeSettings(new ClusterEndpoint("127.0.0.1", 4053), null, ClusterRoles.Coordinator, null);
        Assert.Equal("akka.tcp://actorpipeline@127.0.0.1:4053", coordinator.SeedAddress); // joins itself
        Assert.Equal("127.0.0.1", coordinator.AdvertisedHost);
    }

    [Fact]
    public async Task A_cluster_node_serializes_the_singletons_hand_over_although_unregistered_types_are_refused()
    {
        var host = await StartNodeAsync(new ClusterNodeSettings(new ClusterEndpoint("127.0.0.1", 0), null, ClusterRoles.Coordinator, new ClusterEndpoint("127.0.0.1", 1)));
        try
        {
            var system = host.ActorSystem();
            Assert.False(system.Settings.Config.GetBoolean("akka.actor.serialization-settings.allow-unregistered-types", true));
            // Internal to Akka.Cluster.Tools: found by name.
            foreach (var name in new[] { "HandOverToMe", "TakeOverFromMe", "HandOverInProgress", "HandOverDone" })
            {
                var type = typeof(Akka.Cluster.Tools.Singleton.ClusterSingleton).Assembly.GetType($"Akka.Cluster.Tools.Singleton.{name}", throwOnError: true)!;
                Assert.IsNotType<Akka.Serialization.NewtonSoftJsonSerializer>(system.Serialization.FindSerializerForType(type));
            }
            Assert.IsType<ActorPipeline.Actors.Wire.WireSerializer>(system.Serialization.FindSerializerForType(typeof(AssignWork)));
            Assert.IsType<ActorPipeline.Actors.Events.PipelineEventSerializer>(system.Serialization.FindSerializerForType(typeof(ActorPipeline.Actors.Events.DenseTrained)));
        }
        finally
        {
            await host.StopAndDisposeAsync();
        }
    }

    [Fact]
    public void The_coordinator_prints_a_line_when_a_node_joins_and_when_one_is_lost()
    {
        var at = new DateTime(2026, 12, 1, 14, 0, 0, DateTimeKind.Utc);
        var one = new DispatchStatus([new NodeStatus("127.0.0.1:40001", ["cpu"], 1, at, [])], [], 0, at);
        var two = one with { Nodes = [.. one.Nodes, new NodeStatus("127.0.0.1:40002", ["cuda:0", "cuda:1"], 3, at, [])] };
        var lost = two with { Nodes = [two.Nodes[1]], Lost = [new LostNode("127.0.0.1:40001", at, 1)] };

        Assert.Equal(["node 127.0.0.1:40001 joined: cpu × 1 slot"], ClusterNodeChanges.Between(null, one));
        Assert.Equal(["node 127.0.0.1:40002 joined: cuda:0,cuda:1 × 3 slots"], ClusterNodeChanges.Between(one, two));
        Assert.Equal([$"node 127.0.0.1:40001 lost at {at.ToLocalTime():HH:mm:ss}: 1 assignment back in the queue (no failed attempt recorded)"], ClusterNodeChanges.Between(two, lost));
        Assert.Empty(ClusterNodeChanges.Between(lost, lost with { Queued = 3 }));
    }
}
