using System.Globalization;
using System.Text.Json;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// The resolved plan of sweep.json as the paper's tables would print it, a column per problem: the headline
/// settings first, then every other property of the plan under its own name, so settings added to the plan
/// later show up without touching the report.
/// </summary>
public static class PlanTable
{
    public const string Classes = "classes";
    public const string Architecture = "architecture (Table 2)";
    public const string DenseEpochs = "T (dense epochs)";
    public const string ImpEpochs = "IMP epochs per iteration";
    public const string EarlyStopping = "early stopping";
    public const string PruningRates = "p_conv / p_fc";
    public const string RewindEpoch = "rewind epoch";
    public const string Iterations = "IMP iterations";
    public const string Repetitions = "repetitions";
    public const string ProbeSize = "probe size (images)";
    public const string Metrics = "metrics";

    // The plan's JSON names that the rows above already show; "key" only repeats the problem's name.
    private static readonly HashSet<string> Shown =
    [
        "problem", "key", "architecture", "dense_epochs", "imp_epochs", "patience", "conv_rate", "fc_rate",
        "rewind_epoch", "iterations", "repetitions", "probe_size", "metrics",
    ];

    public static TextTable Build(SweepManifest manifest)
    {
        // The plan's record type is deliberately not named here: the report follows it wherever it moves.
        var problems = manifest.Plan.Problems;
        var rows = new List<IReadOnlyList<string>>
        {
            Row(Classes, problems, p => ProblemNames.Classes(p.Problem) is { } classes ? string.Join(", ", classes) : "–"),
            Row(Architecture, problems, p => p.Architecture),
            Row(DenseEpochs, problems, p => p.DenseEpochs.ToString(CultureInfo.InvariantCulture)),
            Row(ImpEpochs, problems, p => p.ImpEpochs.ToString(CultureInfo.InvariantCulture)),
            Row(EarlyStopping, problems, p => p.Patience is { } patience ? $"patience {patience}" : "off"),
            Row(PruningRates, problems, p => $"{SettingText.Number(p.ConvRate)} / {SettingText.Number(p.FcRate)}"),
            Row(RewindEpoch, problems, p => p.RewindEpoch.ToString(CultureInfo.InvariantCulture)),
            Row(Iterations, problems, p => p.Iterations.ToString(CultureInfo.InvariantCulture)),
            Row(Repetitions, problems, p => p.Repetitions.ToString(CultureInfo.InvariantCulture)),
            Row(ProbeSize, problems, p => p.ProbeSize.ToString(CultureInfo.InvariantCulture)),
            Row(Metrics, problems, p => string.Join(", ", p.Metrics)),
        };

        var json = problems.Select(p => JsonSerializer.SerializeToElement(p, SettingText.Json)).ToList();
        var others = json.SelectMany(j => j.EnumerateObject().Select(property => property.Name)).Distinct().Where(name => !Shown.Contains(name));
        foreach (var name in others)
            rows.Add(Row(SettingText.Label(name), json, j => j.TryGetProperty(name, out var value) ? SettingText.Value(value) : "–"));

        return new TextTable(["", .. problems.Select(p => ProblemNames.Display(p.Problem))], rows);
    }

    private static IReadOnlyList<string> Row<T>(string label, IEnumerable<T> problems, Func<T, string> cell) => [label, .. problems.Select(cell)];
}
