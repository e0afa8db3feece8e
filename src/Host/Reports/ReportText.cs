using System.Globalization;

namespace ActorPipeline.Host.Reports;

/// <summary>The words and tables report.md and report.html share, so the two never disagree.</summary>
internal sealed class ReportText(ReportResult result, DateTimeOffset generatedAt)
{
    public const string Subtitle = "Ansuini et al.: layer similarity of pruned (IMP) vs. unpruned CNNs on CIFAR-10 subsets";

    public const string Figure1Caption =
        "Median test accuracy (over repetitions) against the fraction of prunable parameters remaining, 1 − overall sparsity, " +
        "one line per problem. The unpruned network is the point at 1.000 (left); each marker is an IMP iteration, labelled with its number. " +
        SpreadSentence + " A point labelled n=k rests on k repetitions, fewer than planned (failed or still running).";

    public const string Figure2Caption =
        "Median (over repetitions) similarity of each layer of the pruned network with the same layer of the unpruned network, a panel per problem. " +
        "Layers are ordered from the input (left) to the output (right); one curve per IMP iteration, light (first) to dark (last). " +
        SpreadSentence + " A point labelled n=k rests on k repetitions, fewer than planned (the others had an undefined value there, a collapsed " +
        "layer, or failed or are still running); a layer where every repetition collapsed has no point. Where the sweep trained seed " +
        "baselines (seed_baseline), a grey band shows per layer the range of the metric between the unpruned network and dense networks " +
        "trained from other seeds: a pruned network below it differs by more than a retraining would.";

    /// <summary>What the bands are, for both figures' captions.</summary>
    public const string SpreadSentence =
        "With the bands shown, each curve carries the interquartile range of its values over the repetitions (25th to 75th percentile, " +
        "linear interpolation between order statistics).";

    public const string SpreadToggleLabel = "Show the interquartile range over repetitions (bands) in Figures 1 and 2";

    public const string IntrinsicDimensionHeading = "Beyond the paper: intrinsic dimension of the layers";

    public const string IntrinsicDimensionCaption =
        "Median (over repetitions) TwoNN intrinsic dimension (Facco et al. 2017, as Ansuini et al. 2019: second to first nearest-neighbour " +
        "distance ratio, fitted through the origin, largest 10 % discarded) of each layer's activations on the probe images, a panel per problem, " +
        "layers from the input (left) to the output (right). Iteration 0 (lightest) is the dense network, measured once per problem (n=1); " +
        "one curve per pruned IMP iteration, light to dark. " + SpreadSentence;

    public const string ComparisonCaption =
        "The paper's §5.3 question: each point is a layer at a pruned IMP iteration, at its median change of intrinsic dimension by pruning " +
        "(pruned minus dense, x) and its median similarity with the dense network (y, the headline metric); Spearman's rank correlation ρ over " +
        "all of a problem's points (ties ranked by their mean rank) in the panel's title. ρ near −1: the layers whose dimension pruning " +
        "changes most are the least similar.";

    public string Title => $"ActorPipeline report: {Path.GetFileName(result.SweepFolder.TrimEnd(Path.DirectorySeparatorChar))}";

    public string Stamp => generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>One sentence on what the results hold.</summary>
    public string Summary
    {
        get
        {
            var d = result.Description;
            var metrics = d.Metrics.Count == 0 ? "no similarity values yet" : "similarity metrics " + string.Join(", ", d.Metrics);
            return $"Problems {string.Join(", ", d.Problems.Select(ProblemNames.Display))}; IMP iterations 0 (unpruned) to {d.MaxIteration}; " +
                   $"{metrics}. Every number is a median over the repetitions (up to {d.Repetitions}) that have a value there, " +
                   "their count n in parentheses; failed repetitions are left out (see Failures).";
        }
    }

    public static string FractionScaleName(FractionScale scale) => scale == FractionScale.Log ? "log x axis" : "linear x axis";

    /// <summary>Median test accuracy, an iteration per row and for each problem the fraction remaining and the accuracy.</summary>
    public TextTable AccuracyTable()
    {
        var problems = result.Figure1;
        var iterations = problems.SelectMany(c => c.Points).Select(p => p.Iteration).Distinct().Order().ToList();
        var rows = iterations.Select(iteration => (IReadOnlyList<string>)
            [
                iteration.ToString(CultureInfo.InvariantCulture),
                .. problems.SelectMany(curve => curve.Points.FirstOrDefault(p => p.Iteration == iteration) is { } point
                    ? new[] { point.FractionRemaining.ToString("F3", CultureInfo.InvariantCulture), WithCount(point.TestAccuracy, point.Repetitions) }
                    : ["–", "–"]),
            ]).ToList();
        return new TextTable(
            ["IMP iteration", .. problems.SelectMany(c => new[] { $"{ProblemNames.Display(c.Problem)} remaining", $"{ProblemNames.Display(c.Problem)} accuracy" })],
            rows);
    }

    public const string FailuresHeading = "Failures";

    public const string CollapsesHeading = "Collapsed layers";

    /// <summary>What the failures section says before (or instead of) its table.</summary>
    public string FailuresIntro => result.Failures switch
    {
        null => $"No `{ResultsJsonFailures.FileName}` in `{ReportGenerator.ResultsFolderName}/`: failed repetitions, if any, are not known here and not left out of the medians.",
        [] => "No repetition and no dense training failed.",
        var failures => $"{failures.Count} failed: recorded as failed after their attempts (a deterministic failure, which retrying cannot help, after the first). " +
                        "Their recorded iterations stay in the CSV files but are left out of every median and figure.",
    };

    public TextTable FailuresTable() => new(
        ["problem", "repetition", "attempts", "iterations recorded (left out)", "cause"],
        (result.Failures ?? []).Select(f => (IReadOnlyList<string>)
        [
            ProblemNames.Display(f.Problem),
            f.Repetition is { } r ? r.ToString(CultureInfo.InvariantCulture) : "dense training",
            f.Attempts.ToString(CultureInfo.InvariantCulture),
            f.IterationsRecorded.ToString(CultureInfo.InvariantCulture),
            f.Cause,
        ]).ToList());

    public string CollapsesIntro => result.CollapsedLayers.Count == 0
        ? "No layer collapsed: every similarity value is defined."
        : "A pruned layer with no varying neuron over the probe set (every neuron constant: it has lost its inputs) has no similarity value: " +
          "every metric is undefined there (see src/Ml/Similarity/DEFINITIONS.md). It is recorded, not retried, and the repetition goes on; " +
          "the median at that point rests on the other repetitions (n in the tables) or is missing from the figure when all collapsed. " +
          "Layer A is the unpruned network's, B the pruned one's.";

    public const string ProvenanceHeading = "Where the steps ran";

    /// <summary>Steps per node, device kind and CPU threads (results/provenance.csv).</summary>
    public static TextTable ProvenanceTable(ProvenanceMix mix) => new(
        ["node", "device", "threads", "deterministic", "steps"],
        mix.Shares.Select(s => (IReadOnlyList<string>)
        [
            s.Node,
            s.DeviceKind,
            s.Threads?.ToString(CultureInfo.InvariantCulture) ?? "",
            s.Deterministic is { } d ? (d ? "on" : "off") : "",
            s.Steps.ToString(CultureInfo.InvariantCulture),
        ]).ToList());

    /// <summary>The repetitions whose steps ran on different kinds of device or with different threads (or determinism, or libtorch).</summary>
    public static TextTable MixedRepetitionsTable(ProvenanceMix mix) => new(
        ["problem", "repetition", "steps differ in"],
        mix.Mixed.Select(m => (IReadOnlyList<string>)[ProblemNames.Display(m.Problem), m.Repetition.ToString(CultureInfo.InvariantCulture), string.Join("; ", m.Differences)]).ToList());

    /// <summary>The sentence under the provenance table: whether any repetition mixed devices or threads.</summary>
    public static string ProvenanceSummary(ProvenanceMix mix) =>
        (mix.Mixed.Count == 0
            ? "Every repetition's steps ran on one kind of device with one thread count."
            : $"{mix.Mixed.Count} repetition(s) ran their steps on different kinds of device or with different settings: their numbers depend on where each step ran.")
        + (mix.StepsWithout > 0 ? $" {mix.StepsWithout} step(s) were recorded before provenance was." : "");

    public TextTable CollapsesTable() => new(
        ["problem", "IMP iteration", "layer", "repetitions collapsed", "reason"],
        result.CollapsedLayers.Select(c => (IReadOnlyList<string>)
        [
            ProblemNames.Display(c.Problem),
            c.Iteration.ToString(CultureInfo.InvariantCulture),
            c.Layer,
            $"{c.Repetitions} of {c.Measured}",
            c.Reason,
        ]).ToList());

    private static string WithCount(double value, int repetitions) =>
        $"{value.ToString("F3", CultureInfo.InvariantCulture)} ({repetitions.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Per problem, the rank correlation of intrinsic dimension change and similarity, and on how many points it rests.</summary>
    public static TextTable RankCorrelationTable(IReadOnlyList<IntrinsicDimensionComparison> comparisons) => new(
        ["problem", "similarity", "Spearman ρ (Δ ID vs similarity)", "points (layer × iteration)"],
        comparisons.Select(c => (IReadOnlyList<string>)
        [
            ProblemNames.Display(c.Problem), MetricNames.Short(c.Metric),
            c.Spearman is { } rho ? rho.ToString("F3", CultureInfo.InvariantCulture) : "undefined",
            c.Points.Count.ToString(CultureInfo.InvariantCulture),
        ]).ToList());

    /// <summary>The undefined estimates, a row per problem, iteration, layer and reason, with how many repetitions had it.</summary>
    public static TextTable UndefinedIntrinsicDimensionTable(IReadOnlyList<IntrinsicDimensionRecord> undefined) => new(
        ["problem", "IMP iteration", "layer", "repetitions", "why undefined"],
        undefined.GroupBy(r => (r.Problem, r.Iteration, r.LayerIndex, r.Layer, r.UndefinedReason))
            .OrderBy(g => g.Key.Problem, NaturalOrder.Instance).ThenBy(g => g.Key.Iteration).ThenBy(g => g.Key.LayerIndex)
            .Select(g => (IReadOnlyList<string>)
            [
                ProblemNames.Display(g.Key.Problem), g.Key.Iteration.ToString(CultureInfo.InvariantCulture), g.Key.Layer,
                g.Count().ToString(CultureInfo.InvariantCulture), g.Key.UndefinedReason ?? "",
            ]).ToList());

    /// <summary>One problem's pairs side by side: an iteration per row, a layer per column, "Δ ID / similarity" in each cell.</summary>
    public static TextTable ComparisonTable(IntrinsicDimensionComparison comparison)
    {
        var layers = comparison.Points.Select(p => (p.LayerIndex, p.Layer)).Distinct().OrderBy(l => l.LayerIndex).Select(l => l.Layer).ToList();
        return new TextTable(["IMP iteration", .. layers],
            comparison.Points.GroupBy(p => p.Iteration).OrderBy(g => g.Key).Select(iteration => (IReadOnlyList<string>)
            [
                iteration.Key.ToString(CultureInfo.InvariantCulture),
                .. layers.Select(layer => iteration.FirstOrDefault(p => p.Layer == layer) is { } p
                    ? string.Create(CultureInfo.InvariantCulture, $"{p.IdChange:+0.00;−0.00;0.00} / {p.Similarity:F3}")
                    : "–"),
            ]).ToList());
    }

    /// <summary>One panel's medians: an iteration per row, a layer per column.</summary>
    public static TextTable SimilarityTable(SimilarityFigureData panel) => new(
        ["IMP iteration", .. panel.Layers],
        panel.Curves.Select(curve => (IReadOnlyList<string>)
            [
                curve.Iteration.ToString(CultureInfo.InvariantCulture),
                .. panel.Layers.Select((_, position) => curve.Points.FirstOrDefault(p => p.Position == position) is { } point
                    ? WithCount(point.Value, point.Repetitions)
                    : "–"),
            ])
            // the seed noise floor, where the sweep trained seed baselines: the range over them and how many
            .Concat(panel.SeedBaseline.Count == 0 ? [] : [(IReadOnlyList<string>)
            [
                "seed baselines",
                .. panel.Layers.Select((_, position) => panel.SeedBaseline.FirstOrDefault(r => r.Position == position) is { } range
                    ? string.Create(CultureInfo.InvariantCulture, $"{range.Low:F3}–{range.High:F3} ({range.Baselines})")
                    : "–"),
            ]]).ToList());
}
