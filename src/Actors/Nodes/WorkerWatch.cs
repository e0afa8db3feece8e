using ActorPipeline.Actors.Wire;
using Akka.Actor;
using Akka.Cluster;

namespace ActorPipeline.Actors.Nodes;

/// <summary>Ends a worker's membership with a <see cref="WorkerOutcome"/>: the sweep completed, the node was refused or left, or the coordinator left the cluster.</summary>
public sealed class WorkerWatch : ReceiveActor
{
    public WorkerWatch(IActorRef agent, TaskCompletionSource<WorkerOutcome> outcome)
    {
        string? refusal = null;
        Receive<SweepCompleted>(completed => outcome.TrySetResult(new WorkerOutcome.SweepComplete($"sweep {completed.SweepId} is complete")));
        Receive<NodeRefused>(refused => refusal = refused.Reason); // published before the agent stops
        Receive<Terminated>(_ => outcome.TrySetResult(new WorkerOutcome.Refused(refusal ?? "the node agent stopped (see the log)")));
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (removed.Member.HasRole(ClusterRoles.Coordinator))
                outcome.TrySetResult(new WorkerOutcome.CoordinatorLost($"the coordinator {removed.Member.Address.Host}:{removed.Member.Address.Port} left the cluster"));
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Context.Watch(agent);
    }

    public static Props Props(IActorRef agent, TaskCompletionSource<WorkerOutcome> outcome) => Akka.Actor.Props.Create(() => new WorkerWatch(agent, outcome));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(SweepCompleted));
        Context.System.EventStream.Subscribe(Self, typeof(NodeRefused));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
