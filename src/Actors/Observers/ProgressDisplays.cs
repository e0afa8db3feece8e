using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Actors.Observers;

/// <summary>Wires a <see cref="SweepProgressDisplay"/> to an actor system's event stream.</summary>
public static class ProgressDisplays
{
    /// <summary>Subscribes a display, starting from the journal's counts, to the system's event stream.</summary>
    public static IActorRef Attach(ActorSystem system, IReadOnlyList<SweepProgressCount> initial, TextWriter output, bool interactive)
    {
        var display = system.ActorOf(SweepProgressDisplay.Props(initial, output, interactive), "progress");
        system.EventStream.Subscribe(display, typeof(WorkProgress));
        system.EventStream.Subscribe(display, typeof(WorkEnded));
        system.EventStream.Subscribe(display, typeof(ProblemProgress));
        system.EventStream.Subscribe(display, typeof(JournalOutageStarted));
        system.EventStream.Subscribe(display, typeof(StorageFaultReported));
        system.EventStream.Subscribe(display, typeof(JournalOutageEnded));
        system.EventStream.Subscribe(display, typeof(ActorPipeline.Actors.Dispatch.DispatchStatus));
        return display;
    }
}
