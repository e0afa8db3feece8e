using System.Diagnostics;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// The spans of one problem supervisor: the problem's, each assignment's attempt ("repetition"; the dense training is the
/// problem's own span) and its wait for a free slot. Tracing only: nothing here decides anything, so it is kept out of the
/// <see cref="ProblemDecider"/> and driven by the supervisor from the decider's commands. Not thread-safe (one actor).
/// </summary>
internal sealed class ProblemSpans(ProblemPlan plan)
{
    /// <summary>A live assignment's spans: its attempt (null for the dense training) and its wait for a slot (null once assigned).</summary>
    private sealed record AssignmentSpans(ProblemWork Work, Activity? Attempt, Activity? Waiting);

    private readonly Dictionary<string, AssignmentSpans> _assignments = new();
    /// <summary>The span of each work's last revoked attempt: its next attempt links to it.</summary>
    private readonly Dictionary<ProblemWork, string> _revokedAttempts = new();
    private Activity? _problem;

    /// <summary>Starts the problem's span, once (a second run of the same incarnation keeps it).</summary>
    public void StartProblem(string? traceParent) =>
        _problem ??= Traces.StartDetached("problem", traceParent, tags: [new("problem", plan.Problem), new("repetitions", plan.Repetitions), new("iterations", plan.Iterations)]);

    /// <summary>Starts an assignment's spans; returns the trace parent its work order carries.</summary>
    public string? StartAssignment(string id, ProblemWork work, RepetitionStep? start)
    {
        Activity? attempt = null;
        string? traceParent = Traces.TraceParentOf(_problem);
        if (work is RepetitionWork { Repetition: var repetition })
        {
            // Each attempt at a repetition is its own trace, linked to its problem's span (and to the attempt it replaces).
            attempt = Traces.StartDetached("repetition", traceParent, linkOnly: true,
                [new("problem", plan.Problem), new("repetition", repetition), new("start.iteration", start?.Iteration), new("start.measure_only", start?.MeasureOnly), new("assignment", id)],
                _revokedAttempts.Remove(work, out var previous) ? [previous] : null);
            traceParent = Traces.TraceParentOf(attempt);
        }
        // Until a node pulls it, the work waits for a free slot: its own span, so a queued repetition never reads as a slow one.
        var waiting = Traces.StartDetached("waiting for a free slot", traceParent, tags: [new("assignment", id)]);
        _assignments[id] = new AssignmentSpans(work, attempt, waiting);
        return traceParent;
    }

    /// <summary>The assignment left the queue for <paramref name="node"/>: its wait is over.</summary>
    public void Assigned(string id, string node)
    {
        if (!_assignments.TryGetValue(id, out var spans)) return;
        spans.Waiting?.SetTag("node", node);
        spans.Waiting?.Stop();
        spans.Attempt?.SetTag("node", node);
        _assignments[id] = spans with { Waiting = null };
    }

    /// <summary>Ends the assignment's spans; a revoked attempt is remembered so that its next attempt links to it.</summary>
    public void EndAssignment(string id, string? error, string? revokedBecause)
    {
        if (!_assignments.Remove(id, out var spans)) return;
        if (revokedBecause is not null)
        {
            spans.Attempt?.SetTag("revoked", revokedBecause);
            if (spans.Attempt?.Id is { } attempt) _revokedAttempts[spans.Work] = attempt;
        }
        spans.Waiting?.Stop();
        if (spans.Attempt is not { } span) return;
        if (error is not null) span.SetStatus(ActivityStatusCode.Error, error);
        span.Stop();
    }

    /// <summary>Ends the problem's span with its outcome (once).</summary>
    public void FinishProblem(ProblemState state)
    {
        if (_problem is null) return;
        _problem.SetTag("repetitions.completed", state.CompletedRepetitions);
        _problem.SetTag("repetitions.failed", state.FailedRepetitions);
        if (state.DenseFailure is { } failure) _problem.SetStatus(ActivityStatusCode.Error, failure);
        _problem.Stop();
        _problem = null;
    }

    /// <summary>The supervisor stopped before its problem finished.</summary>
    public void StopProblem() => _problem?.Stop();
}
