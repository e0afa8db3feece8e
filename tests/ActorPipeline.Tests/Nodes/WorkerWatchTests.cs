using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Nodes;

/// <summary>
/// What ends a worker's membership, as the worker host's loop reads it: the sweep completed (exit 0), the node was
/// refused or its agent stopped (exit with the reason). A coordinator that leaves the cluster is the third outcome;
/// it needs a real second cluster member (InProcessClusterTests).
/// </summary>
public sealed class WorkerWatchTests() : TestKit(Config)
{
    /// <summary>A cluster node (the watch subscribes to membership) that joins nothing.</summary>
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """).WithFallback(ActorTestConfig.Default);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly TaskCompletionSource<WorkerOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<IActorRef> StartWatchAsync(IActorRef agent)
    {
        var watch = Sys.ActorOf(WorkerWatch.Props(agent, _outcome));
        await watch.Ask<ActorIdentity>(new Identify(null), Timeout); // subscribed
        return watch;
    }

    [Fact]
    public async Task The_sweep_completing_ends_the_membership_with_SweepComplete()
    {
        await StartWatchAsync(CreateTestProbe().Ref);

        Sys.EventStream.Publish(new SweepCompleted("s-1"));

        Assert.Equal(new WorkerOutcome.SweepComplete("sweep s-1 is complete"), await _outcome.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task An_agent_that_stops_after_a_refusal_ends_it_with_the_refusals_reason()
    {
        var agent = CreateTestProbe();
        await StartWatchAsync(agent.Ref);

        Sys.EventStream.Publish(new NodeRefused("this node's data is not the sweep's"));
        Sys.Stop(agent.Ref);

        Assert.Equal(new WorkerOutcome.Refused("this node's data is not the sweep's"), await _outcome.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task An_agent_that_stops_without_a_reason_ends_it_pointing_at_the_log()
    {
        var agent = CreateTestProbe();
        await StartWatchAsync(agent.Ref);

        Sys.Stop(agent.Ref);

        Assert.Equal(new WorkerOutcome.Refused("the node agent stopped (see the log)"), await _outcome.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_first_outcome_stands()
    {
        var agent = CreateTestProbe();
        var watch = await StartWatchAsync(agent.Ref);

        Sys.EventStream.Publish(new SweepCompleted("s-1"));
        Sys.Stop(agent.Ref); // workers stop when the sweep is complete: that is no refusal
        Watch(agent.Ref);
        ExpectTerminated(agent.Ref, Timeout);
        await watch.Ask<ActorIdentity>(new Identify(null), Timeout);

        Assert.Equal(new WorkerOutcome.SweepComplete("sweep s-1 is complete"), await _outcome.Task.WaitAsync(Timeout));
    }
}
