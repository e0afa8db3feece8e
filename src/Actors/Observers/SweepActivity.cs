using System.Collections.Immutable;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Progress;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// What a running sweep is doing right now: each running piece of work's latest progress (stage, epoch, img/s), the
/// journal's outage if there is one, the dispatcher's nodes, and the events recorded since it began watching. Immutable: the live page reads it
/// from any thread while <see cref="SweepActivityBoard"/> replaces it.
/// </summary>
public sealed record SweepActivity(
    ImmutableDictionary<(string Problem, int Repetition), WorkProgress> Work,
    JournalOutageStarted? Outage,
    DispatchStatus? Dispatch)
{
    public static SweepActivity None { get; } = new(ImmutableDictionary<(string, int), WorkProgress>.Empty, null, null);

    /// <summary>Every event this process recorded since the board started, in order (a paper sweep: some 8,000 small records).</summary>
    public ImmutableList<RecordedEventNotice> Recorded { get; init; } = ImmutableList<RecordedEventNotice>.Empty;
}
