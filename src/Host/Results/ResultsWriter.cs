using System.Text.Json;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Host.Results;

/// <summary>
/// Writes a sweep's results into <c>results/</c>: accuracy.csv and similarity.csv (one row per problem,
/// repetition, iteration and layer), provenance.csv (one row per recorded step), intrinsic-dimension.csv and seed-baseline.csv where the sweep measured them, results.json (the same plus what failed and why). Written atomically.
/// </summary>
public static class ResultsWriter
{
    public const string Folder = Reports.ReportGenerator.ResultsFolderName;
    public const string AccuracyFile = Reports.AccuracyCsv.FileName;
    public const string SimilarityFile = Reports.SimilarityCsv.FileName;
    public const string IntrinsicDimensionFile = Reports.IntrinsicDimensionCsv.FileName;
    public const string SeedBaselineFile = Reports.SeedBaselineCsv.FileName;
    public const string ProvenanceFile = Reports.ProvenanceCsv.FileName;
    public const string JsonFile = "results.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(string sweepFolder, string sweepId, IReadOnlyList<ProblemState> problems)
    {
        var folder = WriteTables(sweepFolder, problems);
        AtomicFile.WriteAllText(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(new
        {
            SweepId = sweepId,
            Problems = problems.Select(p => new
            {
                p.Problem,
                Dense = p.Dense is { } d ? new { d.Epochs, d.TestAccuracy, d.FinalWeights, d.RewindWeights } : null,
                DenseFailure = p.DenseFailure,
                Repetitions = p.Repetitions.Where(r => r.Key >= 0).Select(r => new
                {
                    Repetition = r.Key,
                    r.Value.Completed,
                    r.Value.Failure,
                    r.Value.Attempts,
                    Iterations = r.Value.Trained.Values.Select(t => new
                    {
                        t.Iteration, t.ConvSparsity, t.FcSparsity, t.OverallSparsity, t.TestAccuracy, t.Epochs,
                        Similarity = r.Value.Similarity.TryGetValue(t.Iteration, out var s) ? s.Layers.ToDictionary(l => l.Layer, l => l.Values) : null,
                        // per layer, the values measured but undefined (a collapsed layer) and why; absent where all are defined
                        Undefined = r.Value.Similarity.TryGetValue(t.Iteration, out var u) && u.Layers.Any(l => l.IsDegenerate)
                            ? u.Layers.Where(l => l.IsDegenerate).ToDictionary(l => l.Layer, l => l.Undefined)
                            : null,
                    }),
                }),
            }),
        }, Json));
        return folder;
    }

    /// <summary>accuracy.csv and similarity.csv of <paramref name="problems"/> in <paramref name="runFolder"/>/results (a sweep's, or one repetition's from `imp`).</summary>
    public static string WriteTables(string runFolder, IReadOnlyList<ProblemState> problems)
    {
        var folder = Path.Combine(runFolder, Folder);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, AccuracyFile), Reports.ResultsCsvFormat.Text(ResultRows.AccuracyHeader, ResultRows.Accuracy(problems)));
        AtomicFile.WriteAllText(Path.Combine(folder, SimilarityFile), Reports.ResultsCsvFormat.Text(ResultRows.SimilarityHeader, ResultRows.Similarity(problems)));
        // only where a sweep measured it (intrinsic_dimension not off): the paper's sweeps keep their files as they were
        var intrinsicDimension = ResultRows.IntrinsicDimension(problems).ToList();
        if (intrinsicDimension.Count > 0)
            AtomicFile.WriteAllText(Path.Combine(folder, IntrinsicDimensionFile), Reports.ResultsCsvFormat.Text(ResultRows.IntrinsicDimensionHeader, intrinsicDimension));
        // where and how every recorded step was computed (node, device, versions, threads): numbers never depend on it, so it has its own file
        AtomicFile.WriteAllText(Path.Combine(folder, ProvenanceFile), Reports.ResultsCsvFormat.Text(ResultRows.ProvenanceHeader, ResultRows.Provenance(problems)));
        var seedBaseline = ResultRows.SeedBaseline(problems).ToList();
        if (seedBaseline.Count > 0)
            AtomicFile.WriteAllText(Path.Combine(folder, SeedBaselineFile), Reports.ResultsCsvFormat.Text(ResultRows.SeedBaselineHeader, seedBaseline));
        return folder;
    }

    /// <summary>One line per failure, for the terminal and the final summary.</summary>
    public static IEnumerable<string> Failures(IEnumerable<ProblemState> problems)
    {
        foreach (var problem in problems)
        {
            if (problem.DenseFailure is { } dense) yield return $"{problem.Problem}: dense training failed: {dense}";
            foreach (var (repetition, state) in problem.Repetitions)
                if (state.Failure is { } failure) yield return $"{problem.Problem} repetition {repetition}: failed after {state.Attempts} attempts: {failure}";
        }
    }
}
