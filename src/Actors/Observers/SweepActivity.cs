using System.Collections.Immutable;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Progress;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// What a running sweep is doing right now, beyond what its journal holds: each running piece of work's latest progress
/// (stage, epoch, img/s), the journal's outage if there is one, the dispatcher's nodes. Immutable: the live page reads it
/// from any thread while <see cref="SweepActivityBoard"/> replaces it.
/// </summary>
public sealed record SweepActivity(
    ImmutableDictionary<(string Problem, int Repetition), WorkProgress> Work,
    JournalOutageStarted? Outage,
    DispatchStatus? Dispatch,
    long StepsRecordedSignals)
{
    public static SweepActivity None { get; } = new(ImmutableDictionary<(string, int), WorkProgress>.Empty, null, null, 0);
}
