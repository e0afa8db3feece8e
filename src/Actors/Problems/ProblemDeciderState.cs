using System.Collections.Immutable;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// Everything a <see cref="ProblemDecider"/> decides from, immutable. <see cref="Recorded"/> is the journal's fold and
/// survives a restart; the rest belongs to this incarnation of the supervisor (a successor replays the journal and
/// offers the unfinished work afresh). Actor refs (who waits for a step) and spans stay in the actor: they decide nothing.
/// </summary>
public sealed record ProblemDeciderState(ProblemState Recorded)
{
    /// <summary>The journal has replayed and can record: new work may start.</summary>
    public bool JournalReady { get; init; }

    /// <summary>The sweep asked for the problem (<see cref="RunRequested"/>).</summary>
    public bool Running { get; init; }

    /// <summary>Offered or running assignments by id: only their reports count.</summary>
    public ImmutableSortedDictionary<string, ProblemWork> Live { get; init; } = ImmutableSortedDictionary.Create<string, ProblemWork>(StringComparer.Ordinal);

    /// <summary>Work waiting out a backoff (a failed attempt or a storage fault): its retry starts it, nothing sooner.</summary>
    public ImmutableHashSet<ProblemWork> BackingOff { get; init; } = ImmutableHashSet<ProblemWork>.Empty;

    /// <summary>Storage faults in a row per work (the backoff grows while they last); a recorded step of the work resets them.</summary>
    public ImmutableDictionary<ProblemWork, int> StorageFaults { get; init; } = ImmutableDictionary<ProblemWork, int>.Empty;

    /// <summary>Steps reported and being recorded: a repeated report waits for the same record instead of recording it twice.</summary>
    public ImmutableHashSet<StepKey> StepsBeingRecorded { get; init; } = ImmutableHashSet<StepKey>.Empty;

    /// <summary>Events asked to be recorded and not recorded yet (they wait out an outage, or their answer).</summary>
    public int RecordsInFlight { get; init; }

    /// <summary>The journal came back with events still in flight: continue the problem once they are in (they decide what follows them).</summary>
    public bool ContinueWhenRecorded { get; init; }

    /// <summary>Assignments numbered so far by this incarnation: the serial of the next id.</summary>
    public int AssignmentSerial { get; init; }

    public static ProblemDeciderState Initial(string problem) => new(new ProblemState(problem));

    /// <summary>The live assignment of <paramref name="work"/>, if any.</summary>
    public string? LiveAssignmentOf(ProblemWork work) => Live.FirstOrDefault(a => a.Value.Equals(work)).Key;
}
