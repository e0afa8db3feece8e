namespace ActorPipeline.Host.Live;

/// <summary>
/// What the live page shows at one moment, as the browser receives it (JSON). Built by <see cref="LiveSnapshotBuilder"/>
/// from the journal's states, the sweep's activity and nodes.json; <see cref="Version"/> grows with every change.
/// </summary>
public sealed record LiveSnapshot(
    long Version,
    string SweepId,
    string? Profile,
    string Folder,
    string Plan,
    string? DataWarning,
    bool ReadOnly,
    DateTime UpdatedAt,
    DateTime? StartedAt,
    string? Elapsed,
    string? Eta,
    int StepsDone,
    int StepsTotal,
    bool Finished,
    LiveJournal Journal,
    IReadOnlyList<string> Failures,
    IReadOnlyList<LiveProblem> Problems,
    LiveNodes? Nodes,
    IReadOnlyList<string> Metrics,
    string? CompareWith);

/// <summary>The journal as the page last reached it: available, or unavailable since a time for a reason (retrying).</summary>
public sealed record LiveJournal(string Description, bool Available, DateTime? UnavailableSince, string? Reason);

/// <summary>One problem: its dense network and a grid of repetitions × iterations (dense first).</summary>
public sealed record LiveProblem(
    string Problem,
    string Display,
    int Repetitions,
    int Iterations,
    string DenseState,
    double? DenseAccuracy,
    int StepsDone,
    int StepsTotal,
    double? ImagesPerSecond,
    IReadOnlyList<LiveRepetitionRow> Rows);

/// <summary>
/// A repetition's cells, index 0 the dense network then IMP iterations 1..N; each one of <see cref="LiveCellStates"/>.
/// <paramref name="Running"/> says what runs (stage, epoch) when the repetition runs.
/// </summary>
public sealed record LiveRepetitionRow(int Repetition, IReadOnlyList<string> Cells, int Attempts, string? Running, string? Failure);

/// <summary>The cell states the page colours.</summary>
public static class LiveCellStates
{
    /// <summary>Trained and measured: the step is in the journal.</summary>
    public const string Recorded = "recorded";
    /// <summary>Trained and recorded, its similarity not yet.</summary>
    public const string Trained = "trained";
    public const string Running = "running";
    public const string Queued = "queued";
    public const string Failed = "failed";
    /// <summary>After the step a repetition failed at: it will not run.</summary>
    public const string Abandoned = "abandoned";
    /// <summary>Recorded after an attempt that failed.</summary>
    public const string Retried = "retried";
}

/// <summary>The nodes of the sweep (nodes.json / the dispatcher): each with its slots and what they run, the lost ones, the queue.</summary>
public sealed record LiveNodes(DateTime At, int Queued, IReadOnlyList<LiveNode> Nodes, IReadOnlyList<LiveLostNode> Lost)
{
    /// <summary>Nodes that declined the sweep, with why (they ran nothing).</summary>
    public IReadOnlyList<LiveRefusedNode> Refused { get; init; } = [];
}

/// <param name="Utilisation">The busy share of its slots over the last hour (or since the page first saw it): <see cref="SlotUtilisation"/>.</param>
public sealed record LiveNode(string Name, IReadOnlyList<string> Devices, int SlotsPerDevice, DateTime JoinedAt, IReadOnlyList<LiveSlotWork> Running,
    double? Utilisation, string? UtilisationOver);

public sealed record LiveSlotWork(string Problem, int Repetition, DateTime Since, string? Stage);

public sealed record LiveLostNode(string Name, DateTime At, int AssignmentsRequeued);

public sealed record LiveRefusedNode(string Name, DateTime At, string Reason);
