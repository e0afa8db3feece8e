using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Persistence;
using Akka.Actor;

namespace ActorPipeline.Actors.Sweeps;

/// <summary>
/// Ends a run that cannot finish any more, so the host never hangs: the coordinator stopped (it answers nothing
/// after that), the journal stayed unavailable past the sweep's limit, or the process's own node, the only one that
/// computes without a cluster, left the sweep. Completes the task with why.
/// </summary>
public sealed class SweepWatchdog : ReceiveActor
{
    public SweepWatchdog(IActorRef coordinator, IActorRef? onlyNode, TaskCompletionSource<SweepStoppedException> stopped)
    {
        string? nodeRefusal = null;
        Receive<NodeRefused>(refused => nodeRefusal = refused.Reason); // published before the node agent stops
        Receive<Terminated>(terminated => stopped.TrySetResult(terminated.ActorRef.Equals(onlyNode)
            ? SweepStoppedException.NodeStopped(nodeRefusal ?? "its node agent stopped (see sweep.log)")
            : new SweepStoppedException(
            "the sweep coordinator stopped before the sweep finished (see sweep.log in the sweep folder); run the same command again to resume",
            SweepStoppedException.CoordinatorStoppedExitCode)));
        Receive<JournalOutageLimitReached>(limit => stopped.TrySetResult(SweepStoppedException.JournalOutage(limit.Since, limit.Limit, limit.Journal, limit.Reason)));
        Receive<SweepLockTaken>(taken => stopped.TrySetResult(SweepStoppedException.LockTaken(taken.Holder)));
        Context.Watch(coordinator);
        if (onlyNode is not null) Context.Watch(onlyNode);
        Context.System.EventStream.Subscribe(Self, typeof(JournalOutageLimitReached));
        Context.System.EventStream.Subscribe(Self, typeof(NodeRefused));
        Context.System.EventStream.Subscribe(Self, typeof(SweepLockTaken));
    }

    public static Props Props(IActorRef coordinator, IActorRef? onlyNode, TaskCompletionSource<SweepStoppedException> stopped) =>
        Akka.Actor.Props.Create(() => new SweepWatchdog(coordinator, onlyNode, stopped));
}
