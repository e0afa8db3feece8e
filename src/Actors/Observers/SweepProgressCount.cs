using ActorPipeline.Actors.Problems;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// Steps done of steps planned for a problem, from the fold of its journal: what the live display starts from and
/// what `sweep status` prints, so both count the same (the dense training is one step, each iteration trained and
/// each measured are one each).
/// </summary>
public sealed record SweepProgressCount(string Problem, int Done, int Total)
{
    public static SweepProgressCount Of(ProblemPlan plan, ProblemState state) => new(plan.Problem, state.StepsRecorded, plan.StepsPlanned);

    public static string Describe(IEnumerable<SweepProgressCount> counts)
    {
        int done = counts.Sum(c => c.Done), total = counts.Sum(c => c.Total);
        return $"{done}/{total} steps ({(total == 0 ? 100 : 100.0 * done / total):F1}%)";
    }
}
