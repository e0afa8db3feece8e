namespace ActorPipeline.Host.Reports;

/// <summary>
/// A sweep folder's results as the report and the comparison read them: accuracy and similarity rows (results/*.csv) and
/// the failures (results.json). A failed repetition's recorded iterations stay in the CSV files but in no median: it would
/// count in the early iterations only, so each curve would mix two populations of repetitions. Iteration 0 is the shared
/// dense network and always counts.
/// </summary>
public sealed record ResultsInput(string Folder, IReadOnlyList<AccuracyRecord> Accuracy, IReadOnlyList<SimilarityRecord> Similarity, IReadOnlyList<FailedWork>? Failures)
{
    /// <summary>The accuracy rows the medians count (a failed repetition's only at iteration 0).</summary>
    public IEnumerable<AccuracyRecord> IncludedAccuracy => Accuracy.Where(r => r.Iteration == 0 || !Failed.Contains((r.Problem, r.Repetition)));

    /// <summary>The similarity rows the medians count (none of a failed repetition's).</summary>
    public IReadOnlyList<SimilarityRecord> IncludedSimilarity => Similarity.Where(r => !Failed.Contains((r.Problem, r.Repetition))).ToList();

    /// <summary>The (problem, repetition) pairs that failed: in no median.</summary>
    public HashSet<(string Problem, int Repetition)> Failed => (Failures ?? []).Where(f => f.Repetition is not null).Select(f => (f.Problem, f.Repetition!.Value)).ToHashSet();

    public static ResultsInput Read(string sweepFolder)
    {
        sweepFolder = Path.GetFullPath(sweepFolder);
        if (!Directory.Exists(sweepFolder))
            throw new DirectoryNotFoundException($"{sweepFolder}: sweep folder not found");
        var results = Path.Combine(sweepFolder, ReportGenerator.ResultsFolderName);
        if (!Directory.Exists(results))
            throw new DirectoryNotFoundException($"{results}: no results folder; the sweep writes {AccuracyCsv.FileName} and {SimilarityCsv.FileName} there when it ends");
        var accuracyPath = Path.Combine(results, AccuracyCsv.FileName);
        var accuracy = AccuracyCsv.Read(accuracyPath);
        // Similarity rows may lag behind (a sweep still running), but without accuracy rows there is nothing to show.
        if (accuracy.Count == 0)
            throw new InvalidDataException($"{accuracyPath}: no data rows yet, only the header; nothing to report");
        var similarity = SimilarityCsv.Read(Path.Combine(results, SimilarityCsv.FileName));
        return new ResultsInput(sweepFolder, accuracy, similarity, ResultsJsonFailures.Read(results));
    }
}
