using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;

namespace ActorPipeline.Host.UseCases;

/// <summary>The last lines of a sweep: per problem the dense accuracy and the last iteration's medians, then each failure and each problem left unfinished.</summary>
public static class SweepSummary
{
    public const int ExitFinishedWithFailures = 3;

    /// <returns>0, or <see cref="ExitFinishedWithFailures"/> when a repetition failed or a problem was left unfinished.</returns>
    public static int Print(IReadOnlyList<ProblemState> states, IReadOnlyList<string> unfinished, TextWriter output)
    {
        foreach (var state in states)
        {
            var last = state.Repetitions.Values.Where(r => r.Trained.Count > 0).Select(r => r.Trained.Values.Last()).ToList();
            string dense = state.Dense is { } d ? $"dense {d.TestAccuracy:P1}" : "dense not trained";
            string pruned = last.Count > 0 ? $", last iteration: median test acc {Median.Of(last.Select(l => l.TestAccuracy)):P1} at {Median.Of(last.Select(l => l.OverallSparsity)):P1} sparsity" : "";
            output.WriteLine($"  {state.Problem,-8} {dense}{pruned}; {state.CompletedRepetitions} repetitions completed, {state.FailedRepetitions} failed");
        }
        var failures = ResultsWriter.Failures(states).ToList();
        foreach (var failure in failures) output.WriteLine($"FAILED {failure}");
        foreach (var problem in unfinished) output.WriteLine($"UNFINISHED {problem}");
        return failures.Count == 0 && unfinished.Count == 0 ? 0 : ExitFinishedWithFailures;
    }
}
