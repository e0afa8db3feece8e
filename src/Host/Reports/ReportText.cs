using System.Globalization;

namespace ActorPipeline.Host.Reports;

/// <summary>The words and tables report.md and report.html share, so the two never disagree.</summary>
internal sealed class ReportText(ReportResult result, DateTimeOffset generatedAt)
{
    public const string Subtitle = "Ansuini et al.: layer similarity of pruned (IMP) vs. unpruned CNNs on CIFAR-10 subsets";

    public const string Figure1Caption =
        "Median test accuracy (over repetitions) against the fraction of prunable parameters remaining, 1 − overall sparsity, " +
        "one line per problem. The unpruned network is the point at 1.000 (left); each marker is an IMP iteration, labelled with its number.";

    public const string Figure2Caption =
        "Median (over repetitions) similarity of each layer of the pruned network with the same layer of the unpruned network, a panel per problem. " +
        "Layers are ordered from the input (left) to the output (right); one curve per IMP iteration, light (first) to dark (last).";

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
                   $"{metrics}. Every number is a median over the repetitions (up to {d.Repetitions}).";
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
                    ? new[] { point.FractionRemaining.ToString("F3", CultureInfo.InvariantCulture), point.TestAccuracy.ToString("F3", CultureInfo.InvariantCulture) }
                    : ["–", "–"]),
            ]).ToList();
        return new TextTable(
            ["IMP iteration", .. problems.SelectMany(c => new[] { $"{ProblemNames.Display(c.Problem)} remaining", $"{ProblemNames.Display(c.Problem)} accuracy" })],
            rows);
    }

    /// <summary>One panel's medians: an iteration per row, a layer per column.</summary>
    public static TextTable SimilarityTable(SimilarityFigureData panel) => new(
        ["IMP iteration", .. panel.Layers],
        panel.Curves.Select(curve => (IReadOnlyList<string>)
            [
                curve.Iteration.ToString(CultureInfo.InvariantCulture),
                .. panel.Layers.Select((_, position) => curve.Points.FirstOrDefault(p => p.Position == position) is { } point
                    ? point.Value.ToString("F3", CultureInfo.InvariantCulture)
                    : "–"),
            ]).ToList());
}
