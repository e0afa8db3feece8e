using System.Collections.Immutable;
using ActorPipeline.Actors.Events;

namespace ActorPipeline.Actors.Sweeps;

/// <summary>What a sweep's own journal says: whether it was started, and which problems were recorded as completed. Folded by the pure <see cref="Apply"/>.</summary>
public sealed record SweepState
{
    public bool Started { get; init; }
    public ImmutableHashSet<string> CompletedProblems { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>Whether <paramref name="event"/> is already part of this state.</summary>
    public bool Holds(IPipelineEvent @event) => @event switch
    {
        SweepStarted => Started,
        ProblemCompleted completed => CompletedProblems.Contains(completed.Problem),
        _ => false,
    };

    public SweepState Apply(IPipelineEvent @event) => @event switch
    {
        SweepStarted => this with { Started = true },
        ProblemCompleted completed => this with { CompletedProblems = CompletedProblems.Add(completed.Problem) },
        _ => this,
    };
}
