using System.Globalization;

namespace ActorPipeline.Host.Reports;

/// <summary>Reads and validates results/seed-baseline.csv (written by the results writer with <see cref="Columns"/>).</summary>
public static class SeedBaselineCsv
{
    public const string FileName = "seed-baseline.csv";

    public static readonly IReadOnlyList<string> KeyColumns = ["problem", "baseline", "seed", "test_accuracy", "layer", "layer_index"];

    /// <summary>The key columns, a column per metric (as similarity.csv's), then which are undefined and why.</summary>
    public static readonly IReadOnlyList<string> Columns = [.. KeyColumns, .. SimilarityCsv.KnownMetrics, .. SimilarityCsv.AnnotationColumns];

    public static IReadOnlyList<SeedBaselineRecord> Read(string path)
    {
        var table = CsvTable.Read(path, Columns);
        var records = new List<SeedBaselineRecord>();
        var seen = new Dictionary<(string, int, string), int>();
        foreach (var row in table.Rows)
        {
            var metrics = new Dictionary<string, double>();
            foreach (var metric in SimilarityCsv.KnownMetrics)
                if (row.OptionalNumber(metric) is { } value) metrics[metric] = value;
            var seedText = row.Raw("seed");
            if (!long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)) throw row.Error("seed", $"'{seedText}' is not an integer");
            var record = new SeedBaselineRecord(row.Text("problem"), row.Integer("baseline", minimum: 1), seed, row.Number("test_accuracy", 0, 1),
                row.Text("layer"), row.Integer("layer_index", minimum: 0), metrics, row.Line);
            var key = (record.Problem, record.Baseline, record.Layer);
            if (!seen.TryAdd(key, row.Line))
                throw row.Error(null, $"duplicate row for problem {record.Problem}, baseline {record.Baseline}, layer {record.Layer} (first at line {seen[key]})");
            records.Add(record);
        }
        return records;
    }
}
