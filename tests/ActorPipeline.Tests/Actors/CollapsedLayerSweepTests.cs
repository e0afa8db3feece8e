using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;
using Xunit.Abstractions;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// A tiny real sweep in which one pruned layer collapses (all-zero activations) at IMP iteration 2 of repetition 0:
/// a result, not a failure. The sweep completes every repetition, the CSV holds the undefined values with their
/// reason, the medians rest on the other repetition, and the report names the collapse.
/// </summary>
public sealed class CollapsedLayerSweepTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_collapsed_layer_is_recorded_as_undefined_and_the_sweep_completes_without_a_failure()
    {
        using var temp = new TempDirectory();
        var plan = TinySweeps.Plan(temp.Path, repetitions: 2, iterations: 2, maxRetries: 2);
        var journal = JournalSettings.From(new PersistenceConfig(), temp.Path);
        string? collapsed = null;
        var compute = new CollapsingCompute(TinySweeps.Compute(), (repetition, iteration, layer) =>
        {
            collapsed ??= layer; // the first layer probed: the same one every time
            return repetition == 0 && iteration == 2 && layer == collapsed;
        });

        var finished = await SweepRunner.RunAsync(new SweepRun(plan, journal, ["cpu"], 1, compute)).WaitAsync(TimeSpan.FromMinutes(5));
        var states = finished.Problems.Select(p => p.State).ToList();

        // what decides `sweep`'s exit code 0: no failure, nothing abandoned
        Assert.Empty(ResultsWriter.Failures(states));
        Assert.All(finished.Problems, p => Assert.Null(p.Abandoned));
        Assert.All(states[0].Repetitions.Values, r => Assert.True(r.Completed && r.Attempts == 0, $"repetition {r.Repetition}: {r.LastError}"));

        ResultsWriter.Write(temp.Path, plan.SweepId, states);
        var lines = File.ReadAllLines(Path.Combine(temp.Path, "results", SimilarityCsv.FileName));
        output.WriteLine(string.Join("\n", lines));
        Assert.Equal("problem,repetition,iteration,layer,layer_index,svcca,svcca_google_mean,cca,pwcca,cka,nbs,undefined,undefined_reason", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith($"cifar2,0,2,{collapsed},"));
        var cells = row.Split(',');
        Assert.Equal(["", "", "", "", "", ""], cells[5..11]); // the plan's svcca, pwcca, cka undefined; cca, nbs not asked for
        Assert.Equal("svcca svcca_google_mean pwcca cka", cells[11]);
        Assert.Matches(@"^layer B has no varying neuron \(all \d+ constant\) over the \d+ datapoints$", cells[12]);
        Assert.Single(lines, l => l.EndsWith(cells[12])); // the only degenerate row
        Assert.All(lines.Skip(1).Where(l => l != row), l => Assert.EndsWith(",,", l));

        // the float64 reference on the very activations: exactly the same layers are degenerate
        var fromCsv = SimilarityCsv.Read(Path.Combine(temp.Path, "results", SimilarityCsv.FileName))
            .Where(r => r.IsDegenerate).Select(r => (r.Repetition, r.Iteration, r.Layer)).ToHashSet();
        Assert.Equal(compute.DegenerateLayers().OrderBy(d => d), fromCsv.OrderBy(d => d));

        var report = ReportGenerator.Generate(temp.Path);
        var collapse = Assert.Single(report.CollapsedLayers);
        Assert.Equal(("cifar2", 2, collapsed, 1, 2), (collapse.Problem, collapse.Iteration, collapse.Layer, collapse.Repetitions, collapse.Measured));
        var markdown = File.ReadAllText(report.MarkdownPath);
        Assert.Contains($"| Cifar2 | 2 | {collapsed} | 1 of 2 | {cells[12]} |", markdown);
        Assert.Contains("No repetition and no dense training failed.", markdown);
        Assert.Contains("id=\"collapsed-layers\"", File.ReadAllText(report.HtmlPath));
        Assert.Contains(cells[12], File.ReadAllText(report.HtmlPath));
        // the median there rests on the other repetition alone, and says so
        var median = Assert.Single(report.SimilarityMedians, m => m.Iteration == 2 && m.Layer == collapsed && m.Metric == "svcca");
        Assert.Equal(1, median.Repetitions);
        Assert.All(report.SimilarityMedians.Where(m => m != median && !(m.Iteration == 2 && m.Layer == collapsed)), m => Assert.Equal(2, m.Repetitions));
        var json = File.ReadAllText(Path.Combine(temp.Path, "results", "results.json"));
        Assert.Contains("\"undefined\": {", json);
    }
}
