using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Actors.Observers;

/// <summary>Where <see cref="SweepActivityBoard"/> puts the latest <see cref="SweepActivity"/>, and whoever reads it is told of a change.</summary>
public sealed class SweepActivitySource
{
    private SweepActivity _current = SweepActivity.None;

    public SweepActivity Current => Volatile.Read(ref _current);

    /// <summary>Called after each change, on the board's thread: it must return at once (set a signal, never work).</summary>
    public event Action? Changed;

    /// <summary>Starts a <see cref="SweepActivityBoard"/> on <paramref name="system"/>'s event stream that keeps this current.</summary>
    public IActorRef AttachTo(ActorSystem system)
    {
        var board = system.ActorOf(SweepActivityBoard.Props(this), "live-activity");
        foreach (var type in new[] { typeof(RecordedEventNotice), typeof(WorkProgress), typeof(WorkEnded), typeof(JournalOutageStarted), typeof(JournalOutageEnded), typeof(DispatchStatus) })
            system.EventStream.Subscribe(board, type);
        return board;
    }

    internal void Set(SweepActivity activity)
    {
        Volatile.Write(ref _current, activity);
        Changed?.Invoke();
    }
}
