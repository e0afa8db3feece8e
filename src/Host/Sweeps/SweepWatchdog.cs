using ActorPipeline.Actors.Persistence;
using Akka.Actor;

namespace ActorPipeline.Host.Sweeps;

/// <summary>
/// Ends a run that cannot finish any more, so the host never hangs: the coordinator stopped (it answers nothing
/// after that), or the journal stayed unavailable past the sweep's limit. Completes <see cref="Stopped"/> with why.
/// </summary>
public sealed class SweepWatchdog : ReceiveActor
{
    public SweepWatchdog(IActorRef coordinator, TaskCompletionSource<SweepStoppedException> stopped)
    {
        Receive<Terminated>(_ => stopped.TrySetResult(new SweepStoppedException(
            "the sweep coordinator stopped before the sweep finished (see sweep.log in the sweep folder); run the same command again to resume",
            SweepStoppedException.CoordinatorStoppedExitCode)));
        Receive<JournalOutageLimitReached>(limit => stopped.TrySetResult(SweepStoppedException.JournalOutage(limit.Since, limit.Limit, limit.Journal, limit.Reason)));
        Context.Watch(coordinator);
        Context.System.EventStream.Subscribe(Self, typeof(JournalOutageLimitReached));
    }

    public static Props Props(IActorRef coordinator, TaskCompletionSource<SweepStoppedException> stopped) =>
        Akka.Actor.Props.Create(() => new SweepWatchdog(coordinator, stopped));
}
