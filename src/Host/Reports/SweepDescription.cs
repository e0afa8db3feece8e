using System.Text.Json;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// What was run, for the report's first section: the top-level entries of the optional sweep.json (a free-form
/// JSON object written by the sweep), plus what the results themselves show.
/// </summary>
public sealed record SweepDescription(
    IReadOnlyList<KeyValuePair<string, string>> SweepJson, bool SweepJsonFound,
    IReadOnlyList<string> Problems, int Repetitions, int MaxIteration, IReadOnlyList<string> Metrics)
{
    public const string FileName = "sweep.json";

    public static SweepDescription Read(string sweepFolder, IReadOnlyList<AccuracyRecord> accuracy, IReadOnlyList<SimilarityMedian> similarity)
    {
        var path = Path.Combine(sweepFolder, FileName);
        var entries = new List<KeyValuePair<string, string>>();
        var found = File.Exists(path);
        if (found)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"{path}: expected a JSON object at the top level, found {document.RootElement.ValueKind}");
                foreach (var property in document.RootElement.EnumerateObject())
                    entries.Add(new(property.Name, Show(property.Value)));
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
            }
        }

        return new SweepDescription(
            entries, found,
            accuracy.Select(r => r.Problem).Distinct().Order(NaturalOrder.Instance).ToList(),
            accuracy.Where(r => r.Repetition >= 0).Select(r => (r.Problem, r.Repetition)).GroupBy(r => r.Problem).Select(g => g.Distinct().Count()).DefaultIfEmpty(1).Max(),
            accuracy.Select(r => r.Iteration).DefaultIfEmpty(0).Max(),
            similarity.Select(s => s.Metric).Distinct().OrderBy(ResultMedians.MetricOrder).ThenBy(m => m, NaturalOrder.Instance).ToList());
    }

    // Scalars as their text, objects and arrays as compact JSON.
    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "null",
        _ => value.GetRawText() is var raw && raw.Contains('\n') ? JsonSerializer.Serialize(value) : value.GetRawText(),
    };
}
