using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The hash that names a sweep: its problems' plans and the data's checksum. Protocol options added after the
/// first sweeps were run are left out of the hash while they hold their default, so a sweep started by an
/// earlier version keeps its id (and its journal) and resumes; a changed option gives a new sweep.
/// </summary>
public static class PlanIdentity
{
    private static readonly ProblemPlan Defaults = ProblemPlan.Paper("cifar2");

    /// <summary>The options added later (JSON names, as <see cref="SettingsHash"/> writes them) with their default values.</summary>
    private static readonly IReadOnlyDictionary<string, object?> LaterOptions = new Dictionary<string, object?>
    {
        [nameof(ProblemPlan.LearningRate)] = Defaults.LearningRate,
        [nameof(ProblemPlan.WeightDecay)] = Defaults.WeightDecay,
        [nameof(ProblemPlan.DropoutRate)] = Defaults.DropoutRate,
        [nameof(ProblemPlan.GradientClipNorm)] = Defaults.GradientClipNorm,
        [nameof(ProblemPlan.FcInput)] = Defaults.FcInput,
        [nameof(ProblemPlan.EarlyStoppingMonitor)] = Defaults.EarlyStoppingMonitor,
        [nameof(ProblemPlan.RestoreBestWeights)] = Defaults.RestoreBestWeights,
        [nameof(ProblemPlan.PruneOutputLayer)] = Defaults.PruneOutputLayer,
        [nameof(ProblemPlan.PruneBatchNorm)] = Defaults.PruneBatchNorm,
        [nameof(ProblemPlan.PruningGrouping)] = Defaults.PruningGrouping,
        [nameof(ProblemPlan.Rewind)] = Defaults.Rewind,
        [nameof(ProblemPlan.IntrinsicDimension)] = Defaults.IntrinsicDimension,
        [nameof(ProblemPlan.IntrinsicDimensionPoints)] = Defaults.IntrinsicDimensionPoints,
        [nameof(ProblemPlan.SeedBaseline)] = Defaults.SeedBaseline,
        [nameof(ProblemPlan.CpuThreadsChosen)] = Defaults.CpuThreadsChosen,
        [nameof(ProblemPlan.Deterministic)] = Defaults.Deterministic,
    };

    public static string SweepId(IReadOnlyList<ProblemPlan> problems, string dataChecksum) =>
        SettingsHash.Of(new { Problems = problems.Select(Identifying).ToList(), Data = dataChecksum });

    /// <summary>The hash of one problem's plan, over what the sweep id counts of it: equal for two plans that give the same numbers.</summary>
    public static string Hash(ProblemPlan plan) => SettingsHash.Of(Identifying(plan));

    /// <summary>The plan's JSON without the later options that hold their default.</summary>
    public static JsonObject Identifying(ProblemPlan plan)
    {
        var json = JsonSerializer.SerializeToNode(plan)!.AsObject();
        foreach (var (name, fallback) in LaterOptions)
            if (JsonNode.DeepEquals(json[name], JsonSerializer.SerializeToNode(fallback))) json.Remove(name);
        // Without an intrinsic dimension its number of points measures nothing: it must not make a new sweep.
        if (!json.ContainsKey(nameof(ProblemPlan.IntrinsicDimension))) json.Remove(nameof(ProblemPlan.IntrinsicDimensionPoints));
        // Threads resolved from `auto` (the creating machine's count, kept in sweep.json) must not make a new sweep: only a count the config chose does.
        if (!json.ContainsKey(nameof(ProblemPlan.CpuThreadsChosen))) json.Remove(nameof(ProblemPlan.CpuThreads));
        return json;
    }
}
