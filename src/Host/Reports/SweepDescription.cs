using System.Text.Json;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// What was run, for the report's first sections: the sweep's manifest (sweep.json: config, resolved plan, data),
/// when there is a readable one, plus what the results themselves show.
/// </summary>
/// <param name="ManifestProblem">Why sweep.json exists but could not be read as a manifest; null otherwise.</param>
public sealed record SweepDescription(
    SweepManifest? Manifest, bool SweepJsonFound, string? ManifestProblem,
    IReadOnlyList<string> Problems, int Repetitions, int MaxIteration, IReadOnlyList<string> Metrics)
{
    public const string FileName = SweepManifest.FileName;

    public DataProvenance Data => DataProvenance.Of(Manifest?.DataChecksum, Manifest?.DataPath);

    public static SweepDescription Read(string sweepFolder, IReadOnlyList<AccuracyRecord> accuracy, IReadOnlyList<SimilarityMedian> similarity)
    {
        var path = Path.Combine(sweepFolder, FileName);
        var found = File.Exists(path);
        if (found)
            RequireJson(path);
        SweepManifest? manifest = null;
        string? problem = null;
        try
        {
            manifest = SweepManifest.TryLoad(sweepFolder);
            // A sweep.json of another shape can deserialize with the plan missing; the report needs the plan.
            if (manifest is not null && (manifest.Plan?.Problems is null || manifest.DataChecksum is null))
                (manifest, problem) = (null, "it has no resolved plan or no data checksum (written by another version?)");
        }
        catch (InvalidDataException e)
        {
            // Well-formed JSON of another shape (an older sweep, say): the results are still worth a report.
            problem = e.Message;
        }

        return new SweepDescription(
            manifest, found, problem,
            accuracy.Select(r => r.Problem).Distinct().Order(NaturalOrder.Instance).ToList(),
            accuracy.Where(r => r.Repetition >= 0).Select(r => (r.Problem, r.Repetition)).GroupBy(r => r.Problem).Select(g => g.Distinct().Count()).DefaultIfEmpty(1).Max(),
            accuracy.Select(r => r.Iteration).DefaultIfEmpty(0).Max(),
            similarity.Select(s => s.Metric).Distinct().OrderBy(ResultMedians.MetricOrder).ThenBy(m => m, NaturalOrder.Instance).ToList());
    }

    // A file that is not even JSON is damaged, not merely old: say so instead of reporting without it.
    private static void RequireJson(string path)
    {
        try
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }
}
