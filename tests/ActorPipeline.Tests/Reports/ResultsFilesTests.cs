using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Reports;

/// <summary>
/// results/accuracy.csv and similarity.csv as the sweep writes them: a fixed byte format (the quick sweep's files must
/// stay byte-identical across refactorings), and every value read back by the report's readers exactly as recorded.
/// </summary>
public sealed class ResultsFilesTests
{
    private const string Reason = "layer \"fc1\" has no varying neuron, all 256 constant";

    /// <summary>Two problems; the sparsities are values whose shortest round-trip text is long or in exponent form.</summary>
    private static IReadOnlyList<ProblemState> FixedStates()
    {
        var cifar2 = ProblemState.Fold("cifar2",
        [
            new DenseTrained("cifar2", "cifar2/dense/final.pt", "cifar2/dense/rewind.pt", 2, 0.8125),
            new IterationTrained("cifar2", 0, 1, 0.1, 0.2, 0.1 + 0.2, 0.75, 1),
            new IterationTrained("cifar2", 1, 1, 0.1, 0.2, 1e-7, 1.0 / 3, 1),
            new SimilarityMeasured("cifar2", 0, 1, [
                new LayerMetrics("fc1", 3, new Dictionary<string, double>()) { Undefined = new Dictionary<string, string> { ["svcca"] = Reason, ["cka"] = Reason, ["svcca_google_mean"] = Reason } },
                new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9, ["cka"] = 2.0 / 3, ["svcca_google_mean"] = 0.5 }),
            ]),
            new SimilarityMeasured("cifar2", 1, 1, [
                new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 1e-300, ["cka"] = 1 }) { Undefined = new Dictionary<string, string> { ["pwcca"] = "-inf, a negative variance", ["nbs"] = "zero trace" } },
            ]),
        ]);
        var cifar4 = ProblemState.Fold("cifar4",
        [
            new DenseTrained("cifar4", "cifar4/dense/final.pt", "cifar4/dense/rewind.pt", 3, 0.7),
            new IterationTrained("cifar4", 0, 1, 0.1, 0.2, 0.15, 0.69, 1),
        ]);
        return [cifar2, cifar4];
    }

    [Fact]
    public void The_files_have_the_fixed_byte_format()
    {
        using var temp = new TempDirectory();
        var folder = ResultsWriter.WriteTables(temp.Path, FixedStates());

        Assert.Equal("""
            problem,repetition,iteration,conv_sparsity,fc_sparsity,overall_sparsity,test_accuracy
            cifar2,0,0,0,0,0,0.8125
            cifar2,0,1,0.1,0.2,0.30000000000000004,0.75
            cifar2,1,0,0,0,0,0.8125
            cifar2,1,1,0.1,0.2,1E-07,0.3333333333333333
            cifar4,0,0,0,0,0,0.7
            cifar4,0,1,0.1,0.2,0.15,0.69

            """.Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(folder, AccuracyCsv.FileName)));
        Assert.Equal("""
            problem,repetition,iteration,layer,layer_index,svcca,svcca_google_mean,cca,pwcca,cka,nbs,undefined,undefined_reason
            cifar2,0,1,conv1,0,0.9,0.5,,,0.6666666666666666,,,
            cifar2,0,1,fc1,3,,,,,,,svcca svcca_google_mean cka,"layer ""fc1"" has no varying neuron, all 256 constant"
            cifar2,1,1,conv1,0,1E-300,,,,1,,pwcca nbs,"pwcca: -inf, a negative variance; nbs: zero trace"

            """.Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(folder, SimilarityCsv.FileName)));
    }

    [Fact]
    public void The_intrinsic_dimension_file_has_the_dense_rows_first_and_reads_back()
    {
        var state = ProblemState.Fold("cifar2",
        [
            new DenseTrained("cifar2", "d/final.pt", "d/rewind.pt", 2, 0.8),
            new IterationTrained("cifar2", 0, 1, 0.1, 0.2, 0.125, 0.75, 1),
            new SimilarityMeasured("cifar2", 0, 1, [
                new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["cka"] = 0.9 })
                {
                    IntrinsicDimension = new IntrinsicDimensionEstimate(12.5, null, 400, 16_384, 1, 2),
                    DenseIntrinsicDimension = new IntrinsicDimensionEstimate(1.0 / 3, null, 400, 16_384, 0, 0),
                },
                new LayerMetrics("fc1", 3, new Dictionary<string, double> { ["cka"] = 0.5 })
                {
                    IntrinsicDimension = new IntrinsicDimensionEstimate(null, "no ratio left to fit, all 400 points duplicates", 400, 256, 400, 0),
                    DenseIntrinsicDimension = new IntrinsicDimensionEstimate(7, null, 400, 256, 0, 0),
                },
            ]),
        ]);
        using var temp = new TempDirectory();
        var folder = ResultsWriter.WriteTables(temp.Path, [state]);

        Assert.Equal("""
            problem,repetition,iteration,overall_sparsity,layer,layer_index,id,n_points,features,duplicate_points,tied_points,undefined_reason
            cifar2,0,0,0,conv1,0,0.3333333333333333,400,16384,0,0,
            cifar2,0,0,0,fc1,3,7,400,256,0,0,
            cifar2,0,1,0.125,conv1,0,12.5,400,16384,1,2,
            cifar2,0,1,0.125,fc1,3,,400,256,400,0,"no ratio left to fit, all 400 points duplicates"

            """.Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(folder, IntrinsicDimensionCsv.FileName)));
        var read = IntrinsicDimensionCsv.Read(Path.Combine(folder, IntrinsicDimensionCsv.FileName));
        Assert.Equal([1.0 / 3, 7, 12.5, null], read.Select(r => r.Dimension));
        Assert.Equal("no ratio left to fit, all 400 points duplicates", read[3].UndefinedReason);
        Assert.Equal([0, 0, 0.125, 0.125], read.Select(r => r.OverallSparsity));

        // a sweep without it writes no file
        var plain = ResultsWriter.WriteTables(temp.File("plain"), FixedStates());
        Assert.False(File.Exists(Path.Combine(plain, IntrinsicDimensionCsv.FileName)));
    }

    [Fact]
    public void The_seed_baseline_file_has_a_row_per_baseline_and_layer_and_reads_back()
    {
        var state = ProblemState.Fold("cifar2",
        [
            new DenseTrained("cifar2", "d/final.pt", "d/rewind.pt", 2, 0.8)
            {
                SeedBaselines =
                [
                    new SeedBaselineMeasured(2, -17, 2, 0.75, [new LayerMetrics("fc1", 3, new Dictionary<string, double> { ["cka"] = 0.5 })]),
                    new SeedBaselineMeasured(1, 42, 2, 0.8125, [
                        new LayerMetrics("fc1", 3, new Dictionary<string, double>()) { Undefined = new Dictionary<string, string> { ["cka"] = Reason } },
                        new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9, ["cka"] = 2.0 / 3 }),
                    ]),
                ],
            },
        ]);
        using var temp = new TempDirectory();
        var folder = ResultsWriter.WriteTables(temp.Path, [state]);

        Assert.Equal("""
            problem,baseline,seed,test_accuracy,layer,layer_index,svcca,svcca_google_mean,cca,pwcca,cka,nbs,undefined,undefined_reason
            cifar2,1,42,0.8125,conv1,0,0.9,,,,0.6666666666666666,,,
            cifar2,1,42,0.8125,fc1,3,,,,,,,cka,"layer ""fc1"" has no varying neuron, all 256 constant"
            cifar2,2,-17,0.75,fc1,3,,,,,0.5,,,

            """.Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(folder, SeedBaselineCsv.FileName)));
        var read = SeedBaselineCsv.Read(Path.Combine(folder, SeedBaselineCsv.FileName));
        Assert.Equal([(1, 42L, "conv1"), (1, 42L, "fc1"), (2, -17L, "fc1")], read.Select(r => (r.Baseline, r.Seed, r.Layer)));
        Assert.Equal(2.0 / 3, read[0].Metrics["cka"]);
        Assert.Empty(read[1].Metrics);
        Assert.False(File.Exists(Path.Combine(ResultsWriter.WriteTables(temp.File("plain"), FixedStates()), SeedBaselineCsv.FileName)));
    }

    [Fact]
    public void Every_written_value_reads_back_exactly() => FreshSeeds.Run(2, seed =>
    {
        var random = new Random(seed);
        var events = new List<IPipelineEvent> { new DenseTrained("cifar2", "d/final.pt", "d/rewind.pt", 2, random.NextDouble()) };
        for (int repetition = 0; repetition < 3; repetition++)
        for (int iteration = 1; iteration <= 4; iteration++)
        {
            events.Add(new IterationTrained("cifar2", repetition, iteration, random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble(), 1));
            events.Add(new SimilarityMeasured("cifar2", repetition, iteration, new[] { "conv1", "pool1", "fc1" }.Select((layer, index) =>
                new LayerMetrics(layer, index, new Dictionary<string, double> { ["svcca"] = random.NextDouble(), ["cka"] = random.NextDouble() * Math.Pow(10, -random.Next(0, 12)) })).ToList()));
        }
        var state = ProblemState.Fold("cifar2", events);
        using var temp = new TempDirectory();
        var folder = ResultsWriter.WriteTables(temp.Path, [state]);

        var accuracy = AccuracyCsv.Read(Path.Combine(folder, AccuracyCsv.FileName));
        var similarity = SimilarityCsv.Read(Path.Combine(folder, SimilarityCsv.FileName));

        var expectedAccuracy = state.Repetitions.Values.SelectMany(r => r.Trained.Values.Select(t => (t.Repetition, t.Iteration, t.ConvSparsity, t.FcSparsity, t.OverallSparsity, t.TestAccuracy))
            .Prepend((r.Repetition, 0, 0.0, 0.0, 0.0, state.Dense!.TestAccuracy)));
        Assert.Equal(expectedAccuracy, accuracy.Select(a => (a.Repetition, a.Iteration, a.ConvSparsity, a.FcSparsity, a.OverallSparsity, a.TestAccuracy)));
        var expectedSimilarity = state.Repetitions.Values.SelectMany(r => r.Similarity.Values.SelectMany(m => m.Layers.Select(l => (r.Repetition, m.Iteration, l.Layer, l.LayerIndex, l.Values["svcca"], l.Values["cka"]))));
        Assert.Equal(expectedSimilarity, similarity.Select(s => (s.Repetition, s.Iteration, s.Layer, s.LayerIndex, s.Metrics["svcca"], s.Metrics["cka"])));
    });

    [Fact]
    public void Undefined_values_and_a_reason_with_quotes_and_commas_read_back()
    {
        using var temp = new TempDirectory();
        var folder = ResultsWriter.WriteTables(temp.Path, FixedStates());

        var similarity = SimilarityCsv.Read(Path.Combine(folder, SimilarityCsv.FileName));

        var fc1 = Assert.Single(similarity, s => s.Layer == "fc1");
        Assert.Equal(["svcca", "svcca_google_mean", "cka"], fc1.Undefined);
        Assert.Equal(Reason, fc1.UndefinedReason);
        Assert.Empty(fc1.Metrics);
        var mixed = Assert.Single(similarity, s => s.Repetition == 1);
        Assert.Equal("pwcca: -inf, a negative variance; nbs: zero trace", mixed.UndefinedReason);
        Assert.Equal(new Dictionary<string, double> { ["svcca"] = 1e-300, ["cka"] = 1 }, mixed.Metrics);
        Assert.Equal([2, 3, 4], similarity.Select(s => s.Line)); // line numbers of the file, the header being line 1
    }
}
