using System.Globalization;

namespace ActorPipeline.Host.Reports;

/// <summary>Reads and validates results/intrinsic-dimension.csv (written by the results writer with <see cref="Columns"/>).</summary>
public static class IntrinsicDimensionCsv
{
    public const string FileName = "intrinsic-dimension.csv";

    public static readonly IReadOnlyList<string> Columns =
        ["problem", "repetition", "iteration", "overall_sparsity", "layer", "layer_index", "id", "n_points", "features", "duplicate_points", "tied_points", "undefined_reason"];

    public static IReadOnlyList<IntrinsicDimensionRecord> Read(string path)
    {
        var table = CsvTable.Read(path, Columns);
        var records = new List<IntrinsicDimensionRecord>();
        var seen = new Dictionary<(string, int, int, string), int>();
        foreach (var row in table.Rows)
        {
            int points = row.Integer("n_points", minimum: 0);
            var dimension = row.OptionalNumber("id", minimum: 0);
            var reason = row.Raw("undefined_reason");
            if (dimension is null && reason.Length == 0) throw row.Error("id", "empty without an undefined_reason");
            if (dimension is not null && reason.Length > 0) throw row.Error("undefined_reason", "given for a defined id");
            var record = new IntrinsicDimensionRecord(
                row.Text("problem"), row.Integer("repetition", minimum: 0), row.Integer("iteration", minimum: 0), row.Number("overall_sparsity", 0, 1),
                row.Text("layer"), row.Integer("layer_index", minimum: 0), dimension, points, Long(row, "features"),
                row.Integer("duplicate_points", minimum: 0), row.Integer("tied_points", minimum: 0), reason.Length > 0 ? reason : null, row.Line);
            var key = (record.Problem, record.Repetition, record.Iteration, record.Layer);
            if (!seen.TryAdd(key, row.Line))
                throw row.Error(null, $"duplicate row for problem {record.Problem}, repetition {record.Repetition}, iteration {record.Iteration}, layer {record.Layer} (first at line {seen[key]})");
            records.Add(record);
        }
        return records;
    }

    private static long Long(CsvRow row, string column)
    {
        var value = row.Raw(column);
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw row.Error(column, $"'{value}' is not a count");
    }
}
