using System.Collections.Concurrent;
using System.Diagnostics;
using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Actors.Bench;

/// <summary>
/// When the sweep's recorded-step count reached each value (dense trainings included, as the live page counts): the
/// moments the live page's update latency is measured from. Fed by every problem's <see cref="ProblemProgress"/>.
/// </summary>
public sealed class StepTimeline
{
    private readonly ConcurrentQueue<(long Timestamp, int Total)> _reached = new();

    public IReadOnlyList<(long Timestamp, int Total)> Reached => [.. _reached];

    /// <summary>Starts its listener, subscribed before this returns (no step is recorded unseen).</summary>
    public IActorRef Attach(ActorSystem system)
    {
        var listener = system.ActorOf(Akka.Actor.Props.Create(() => new TimelineListener(this)), "timeline");
        system.EventStream.Subscribe(listener, typeof(ProblemProgress));
        return listener;
    }

    private sealed class TimelineListener : ReceiveActor
    {
        private readonly Dictionary<string, int> _steps = new();

        public TimelineListener(StepTimeline timeline) => Receive<ProblemProgress>(progress =>
        {
            _steps[progress.Problem] = progress.StepsDone;
            timeline._reached.Enqueue((Stopwatch.GetTimestamp(), _steps.Values.Sum()));
        });
    }
}
