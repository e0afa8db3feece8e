using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Live;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Live;

/// <summary>One figure code path: the live page's figures from the journal's states are the report's figures from the results files, byte for byte.</summary>
public sealed class LiveFiguresTests
{
    [Fact]
    public async Task The_live_figures_of_a_finished_sweep_are_the_reports_svg_files()
    {
        using var temp = new TempDirectory();
        var plan = TinySweeps.Plan(temp.Path, repetitions: 2, iterations: 2, problems: "cifar2");
        var outcome = await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new Host.Configuration.PersistenceConfig(), temp.Path), ["cpu"], 1, TinySweeps.Compute()));
        var states = outcome.Problems.Select(p => p.State).ToList();
        ResultsWriter.Write(temp.Path, plan.SweepId, states);
        var report = ReportGenerator.Generate(temp.Path);

        foreach (var scale in Enum.GetValues<FractionScale>())
        foreach (bool spread in new[] { false, true })
            Assert.Equal(Numbered(File.ReadAllText(Path.Combine(report.SweepFolder, ReportGenerator.FiguresFolderName, ReportGenerator.WithSpread(ReportGenerator.Figure1StemFor(scale), spread) + ".svg"))),
                Numbered(LiveFigures.Figure1(plan, states, scale, spread)!));
        foreach (var grid in report.Figure2)
        foreach (bool spread in new[] { false, true })
            Assert.Equal(Numbered(File.ReadAllText(Path.Combine(report.SweepFolder, ReportGenerator.FiguresFolderName, ReportGenerator.WithSpread(ReportGenerator.Figure2Stem(grid), spread) + ".svg"))),
                Numbered(LiveFigures.Figure2(plan, states, grid.Metric, spread)!));
    }

    /// <summary>ScottPlot numbers its clip paths with a counter of the process: renumber them in order of appearance, the only thing allowed to differ.</summary>
    private static string Numbered(string svg)
    {
        var ids = new Dictionary<string, int>();
        return System.Text.RegularExpressions.Regex.Replace(svg, @"cl_[0-9a-f]+", m => $"cl#{(ids.TryGetValue(m.Value, out var n) ? n : ids[m.Value] = ids.Count)}");
    }

    [Fact]
    public void Before_anything_is_recorded_there_is_no_figure_and_a_failed_repetition_counts_in_no_median()
    {
        var plan = TinySweeps.Plan("/tmp/none", repetitions: 2, iterations: 1, problems: "cifar2");
        Assert.Null(LiveFigures.Figure1(plan, [new ProblemState("cifar2")], FractionScale.Linear, false));
        Assert.Null(LiveFigures.Figure2(plan, [new ProblemState("cifar2")], "svcca", false));

        var state = ProblemState.Fold("cifar2", [
            new DenseTrained("cifar2", "f", "r", 3, 0.8),
            new IterationTrained("cifar2", 0, 1, 0.2, 0.2, 0.2, 0.7, 2),
            new IterationTrained("cifar2", 1, 1, 0.2, 0.2, 0.2, 0.1, 2),
            new RepetitionFailed("cifar2", 1, 1, "boom"),
        ]);
        var accuracy = LiveFigures.AccuracyRecords([state]).ToList();
        Assert.Equal([(0, 0, 0.8), (0, 1, 0.7)], accuracy.Select(r => (r.Repetition, r.Iteration, r.TestAccuracy)));
    }
}
