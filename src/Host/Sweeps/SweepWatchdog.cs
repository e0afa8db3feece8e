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
        Receive<JournalOutageLimitReached>(limit => stopped.TrySetResult(new SweepStoppedException(
            $"the journal ({limit.Journal}) has been unavailable since {limit.Since.ToLocalTime():HH:mm:ss} ({limit.Reason}), longer than journal_outage_limit ({JournalOutageLimit.Format(limit.Limit)}); " +
            "everything recorded so far is kept: run the same command again once the database is back",
            SweepStoppedException.JournalOutageExitCode)));
        Context.Watch(coordinator);
        Context.System.EventStream.Subscribe(Self, typeof(JournalOutageLimitReached));
    }

    public static Props Props(IActorRef coordinator, TaskCompletionSource<SweepStoppedException> stopped) =>
        Akka.Actor.Props.Create(() => new SweepWatchdog(coordinator, stopped));
}
