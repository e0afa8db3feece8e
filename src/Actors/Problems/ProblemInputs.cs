using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Repetitions;

namespace ActorPipeline.Actors.Problems;

// What the problem supervisor hands its ProblemDecider: everything that can happen to a problem, as plain data (no actor
// refs, no spans), so every decision can be replayed in a test without an actor system.

/// <summary>Something that happened to a problem, for <see cref="ProblemDecider.Decide"/>.</summary>
public interface IProblemInput;

/// <summary>The sweep asked for the problem (<see cref="RunProblem"/>): work may start once the journal is ready.</summary>
public sealed record RunRequested : IProblemInput
{
    public static RunRequested Instance { get; } = new();
}

/// <summary>The journal (re)started and replayed <paramref name="Events"/>: the recorded state is their fold, and new work may be recorded.</summary>
public sealed record JournalReplayed(IReadOnlyList<IPipelineEvent> Events) : IProblemInput;

/// <summary>
/// After <see cref="JournalReplayed"/>: the events that waited for the journal are settled (those the replay holds came
/// back as <see cref="EventRecorded"/>, the others were sent again). The problem goes on, or once they are in.
/// </summary>
public sealed record ReplaySettled : IProblemInput
{
    public static ReplaySettled Instance { get; } = new();
}

/// <summary>The journal cannot record (the database is away): nothing new starts until it has replayed again.</summary>
public sealed record JournalLost : IProblemInput
{
    public static JournalLost Instance { get; } = new();
}

/// <summary>A worker's report of assignment <paramref name="AssignmentId"/> (live or not: the decider drops what is not).</summary>
public sealed record ReportArrived(string AssignmentId, IWorkReport Report) : IProblemInput;

/// <summary>The node running <paramref name="AssignmentId"/> was lost: not the work's fault.</summary>
public sealed record RevocationArrived(string AssignmentId, string Reason) : IProblemInput;

/// <summary><paramref name="Event"/> is in the journal (or the replay showed it was); <paramref name="Then"/> is what its recording was for.</summary>
public sealed record EventRecorded(IPipelineEvent Event, AfterRecord Then) : IProblemInput;

/// <summary>The backoff of <paramref name="Work"/> has passed.</summary>
public sealed record RetryDue(ProblemWork Work) : IProblemInput;

/// <summary>The supervisor stops: its live assignments would report to nobody.</summary>
public sealed record SupervisorStopping : IProblemInput
{
    public static SupervisorStopping Instance { get; } = new();
}
