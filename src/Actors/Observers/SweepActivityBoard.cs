using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// Folds the running sweep's event stream (work progress, recorded steps, journal outages, the dispatcher's status) into
/// <see cref="SweepActivity"/> for the live page. It only replaces an immutable value: readers never reach into the actor.
/// </summary>
public sealed class SweepActivityBoard : ReceiveActor
{
    private SweepActivity _activity = SweepActivity.None;

    public SweepActivityBoard(SweepActivitySource source)
    {
        void Publish(SweepActivity next) => source.Set(_activity = next);
        Receive<WorkProgress>(work => Publish(_activity with { Work = _activity.Work.SetItem((work.Problem, work.Repetition), work) }));
        Receive<WorkEnded>(ended => Publish(_activity with { Work = _activity.Work.Remove((ended.Problem, ended.Repetition)) }));
        Receive<RecordedEventNotice>(notice => Publish(_activity with { Recorded = _activity.Recorded.Add(notice) }));
        Receive<JournalOutageStarted>(outage => Publish(_activity with { Outage = outage }));
        Receive<JournalOutageEnded>(_ => Publish(_activity with { Outage = null }));
        Receive<DispatchStatus>(status => Publish(_activity with { Dispatch = status }));
    }

    public static Props Props(SweepActivitySource source) => Akka.Actor.Props.Create(() => new SweepActivityBoard(source));
}
