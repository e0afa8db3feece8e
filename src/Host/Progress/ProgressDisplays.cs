using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Host.Progress;

/// <summary>Wires a <see cref="SweepProgressDisplay"/> to an actor system's event stream.</summary>
public static class ProgressDisplays
{
    /// <summary>Subscribes a display to the system's event stream.</summary>
    public static IActorRef Attach(ActorSystem system, IReadOnlyDictionary<string, (int Done, int Total)> initial, TextWriter output, bool interactive)
    {
        var display = system.ActorOf(SweepProgressDisplay.Props(initial, output, interactive), "progress");
        system.EventStream.Subscribe(display, typeof(WorkProgress));
        system.EventStream.Subscribe(display, typeof(ProblemProgress));
        return display;
    }
}
