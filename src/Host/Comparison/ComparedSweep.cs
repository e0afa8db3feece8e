using ActorPipeline.Host.Planning;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Comparison;

/// <summary>
/// One side of a comparison: a sweep's name on the page (A, B), its manifest (settings), and the rows its medians count
/// (failed repetitions out, as in the report): from a finished sweep's results, or from a running sweep's journal.
/// </summary>
public sealed record ComparedSweep(string Label, string Folder, SweepManifest Manifest, IReadOnlyList<AccuracyRecord> Accuracy, IReadOnlyList<SimilarityRecord> Similarity)
{
    /// <summary>A sweep folder with results (results/*.csv) and its sweep.json.</summary>
    public static ComparedSweep FromResults(string folder, string label)
    {
        var input = ResultsInput.Read(folder);
        var manifest = SweepManifest.TryLoad(input.Folder)
                       ?? throw new FileNotFoundException($"{Path.Combine(input.Folder, SweepManifest.FileName)} not found: without it the settings of {input.Folder} are unknown and cannot be compared.");
        return new ComparedSweep(label, input.Folder, manifest, input.IncludedAccuracy.ToList(), input.IncludedSimilarity);
    }
}
