using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Live;

/// <summary>
/// Everything one live snapshot is made of: the sweep (its manifest), the journal's last good read (null: never read yet),
/// whether the last read failed and why, the sweep's activity (none for `sweep view`), its nodes, and how far it got since
/// the page began watching (for the ETA).
/// </summary>
public sealed record LiveSweepInputs(
    string Folder,
    SweepManifest Manifest,
    bool ReadOnly,
    IReadOnlyList<ProblemState>? States,
    LiveJournal Journal,
    SweepActivity Activity,
    DispatchStatus? Nodes,
    DateTime Now,
    LiveProgressClock? Clock)
{
    /// <summary>How busy each node's slots were; none: not shown.</summary>
    public SlotUtilisation? Utilisation { get; init; }

    /// <summary>The folder of the sweep the compare view shows beside this one; null: no compare view.</summary>
    public string? CompareWith { get; init; }
}

/// <summary>When watching began and how many steps were recorded then: the rate since gives the ETA.</summary>
public sealed record LiveProgressClock(DateTime Since, int StepsAtStart);
