using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

/// <summary>The report names what failed (from results.json) and leaves failed repetitions out of every median.</summary>
public sealed class ReportFailuresTests
{
    // Cifar2 repetition 1 failed at iteration 2 (iteration 1 recorded); Cifar4's dense training never failed.
    private const string ResultsJson = """
        {
          "sweep_id": "abc",
          "problems": [
            { "problem": "Cifar2", "dense": null, "dense_failure": null, "repetitions": [
              { "repetition": 0, "completed": true, "failure": null, "attempts": 0, "iterations": [ {}, {} ] },
              { "repetition": 1, "completed": false, "failure": "training IMP iteration 2 failed: IOException: disk on fire", "attempts": 4, "iterations": [ {} ] },
              { "repetition": 2, "completed": true, "failure": null, "attempts": 0, "iterations": [ {}, {} ] } ] },
            { "problem": "Cifar4", "dense": null, "dense_failure": null, "repetitions": [] }
          ]
        }
        """;

    [Fact]
    public void Failed_repetitions_are_listed_with_their_causes_and_left_out_of_the_medians()
    {
        using var sweep = ReportFixture.Create();
        File.WriteAllText(sweep.File("results/results.json"), ResultsJson);

        var result = ReportGenerator.Generate(sweep.Path);

        var failure = Assert.Single(result.Failures!);
        Assert.Equal(new FailedWork("Cifar2", 1, 4, "training IMP iteration 2 failed: IOException: disk on fire", 1), failure);
        // Cifar2 iteration 1, fc1 svcca: 0.60, 0.50, 0.55 → without repetition 1: median of 0.60 and 0.55
        var fc1 = Assert.Single(result.SimilarityMedians, m => m.Problem == "Cifar2" && m.Iteration == 1 && m.Layer == "fc1" && m.Metric == "svcca");
        Assert.Equal((2, 0.575), (fc1.Repetitions, Math.Round(fc1.Value, 12)));
        // accuracy at iteration 1: 0.80, 0.90, 0.70 → 0.80 and 0.70; the dense row (iteration 0) keeps all three
        Assert.Equal((2, 0.75), result.AccuracyMedians.Where(m => m.Problem == "Cifar2" && m.Iteration == 1).Select(m => (m.Repetitions, Math.Round(m.TestAccuracy, 12))).Single());
        Assert.Equal(3, result.AccuracyMedians.Single(m => m.Problem == "Cifar2" && m.Iteration == 0).Repetitions);
        var markdown = File.ReadAllText(result.MarkdownPath);
        Assert.Contains("| Cifar2 | 1 | 4 | 1 | training IMP iteration 2 failed: IOException: disk on fire |", markdown);
        Assert.Contains("0.575 (2)", markdown); // n beside every median
        Assert.Contains("disk on fire", File.ReadAllText(result.HtmlPath));
    }

    [Fact]
    public void Without_results_json_the_report_says_failures_are_not_known_and_uses_every_row()
    {
        using var sweep = ReportFixture.Create();

        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Null(result.Failures);
        Assert.Contains("No `results.json`", File.ReadAllText(result.MarkdownPath));
        Assert.Equal(3, result.SimilarityMedians.Single(m => m.Problem == "Cifar2" && m.Iteration == 1 && m.Layer == "fc1" && m.Metric == "svcca").Repetitions);
    }

    [Fact]
    public void Old_similarity_csv_without_the_undefined_columns_still_reads_and_a_listed_value_with_a_number_is_an_error()
    {
        using var old = ReportFixture.Create();
        Assert.All(SimilarityCsv.Read(old.File("results/similarity.csv")), r => Assert.False(r.IsDegenerate));

        using var bad = ReportFixture.Create(similarity: """
            problem,repetition,iteration,layer,layer_index,svcca,cka,undefined,undefined_reason
            Cifar2,0,1,conv1,0,0.9,,svcca cka,layer B has no varying neuron
            """);
        var error = Assert.Throws<ResultsFormatException>(() => SimilarityCsv.Read(bad.File("results/similarity.csv")));
        Assert.Contains("svcca is listed as undefined but has a value", error.Message);
    }
}
