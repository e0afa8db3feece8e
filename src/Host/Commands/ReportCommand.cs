using System.CommandLine;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Commands;

/// <summary>`sweep report`: regenerate a sweep's medians, figures and report.md/report.html from its results.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var sweep = new Option<string?>("--sweep") { Description = "The sweep folder (holds results/accuracy.csv and results/similarity.csv); default: the latest under runs/." };
        var metrics = new Option<string[]>("--metric")
        {
            Description = "Similarity metric(s) to draw figure 2 for (svcca, svcca_google_mean, cca, pwcca, cka, nbs); default: every metric present.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("report", "Regenerate a sweep's medians over repetitions, the paper's figures 1 and 2 (PNG + SVG) and report.md / report.html.")
        {
            sweep, metrics,
        };
        command.SetAction((parse, _) => CliErrors.RunAsync(() =>
        {
            var chosen = parse.GetValue(metrics);
            var result = ReportGenerator.Generate(parse.GetValue(sweep) ?? Planning.SweepManifest.FindFolder(null), new ReportOptions { Figure2Metrics = chosen is { Length: > 0 } ? chosen : null });
            Console.WriteLine($"report: {result.HtmlPath}");
            Console.WriteLine($"        {result.MarkdownPath}");
            Console.WriteLine($"  {result.AccuracyMedians.Count} accuracy medians, {result.SimilarityMedians.Count} similarity medians, " +
                              $"figure 1 (linear and log x) and {result.Figure2.Count} figure-2 grids (one per metric) in {Path.Combine(result.SweepFolder, ReportGenerator.FiguresFolderName)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
