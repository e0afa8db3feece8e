namespace ActorPipeline.Host.Reports;

/// <summary>
/// Reads and validates results/similarity.csv. Every column after the key columns is a metric, except the two
/// that say which values are undefined and why (appended last; files written before them simply lack them).
/// </summary>
public static class SimilarityCsv
{
    public const string FileName = "similarity.csv";

    public static readonly IReadOnlyList<string> KeyColumns = ["problem", "repetition", "iteration", "layer", "layer_index"];

    /// <summary>The metric columns the sweep writes, in this order; other extra columns are read as metrics too.</summary>
    public static readonly IReadOnlyList<string> KnownMetrics = Ml.Similarity.SimilarityMetrics.ResultNames;

    /// <summary>Space-separated names of the values measured but undefined on this layer (their cells are empty).</summary>
    public const string UndefinedColumn = "undefined";

    /// <summary>Why they are undefined: one reason, or "name: reason; name: reason" when they differ.</summary>
    public const string UndefinedReasonColumn = "undefined_reason";

    public static readonly IReadOnlyList<string> AnnotationColumns = [UndefinedColumn, UndefinedReasonColumn];

    public static IReadOnlyList<SimilarityRecord> Read(string path)
    {
        var table = CsvTable.Read(path, KeyColumns);
        var metricColumns = table.Columns.Where(c => !KeyColumns.Contains(c) && !AnnotationColumns.Contains(c)).ToList();
        if (metricColumns.Count == 0)
            throw new ResultsFormatException(path, 1, null, null, $"no metric columns after {string.Join(',', KeyColumns)} (expected e.g. {string.Join(',', KnownMetrics)})");
        bool annotated = table.Columns.Contains(UndefinedColumn);
        if (annotated != table.Columns.Contains(UndefinedReasonColumn))
            throw new ResultsFormatException(path, 1, null, annotated ? UndefinedReasonColumn : UndefinedColumn, $"missing from the header: {UndefinedColumn} and {UndefinedReasonColumn} come together");

        var records = new List<SimilarityRecord>();
        var seen = new Dictionary<(string, int, int, string), int>();
        var layerIndexes = new Dictionary<(string Problem, string Layer), (int Index, int Line)>();
        foreach (var row in table.Rows)
        {
            var metrics = new Dictionary<string, double>();
            foreach (var column in metricColumns)
            {
                if (row.OptionalNumber(column) is { } value)
                    metrics[column] = value;
            }
            var undefined = annotated ? row.Raw(UndefinedColumn).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            string? reason = annotated && row.Raw(UndefinedReasonColumn) is { Length: > 0 } text ? text : null;
            if (undefined.FirstOrDefault(metrics.ContainsKey) is { } both)
                throw row.Error(UndefinedColumn, $"{both} is listed as undefined but has a value");
            if ((undefined.Length > 0) != (reason is not null))
                throw row.Error(UndefinedReasonColumn, undefined.Length > 0 ? "empty; undefined values need their reason" : "a reason without undefined values");
            var record = new SimilarityRecord(
                row.Text("problem"), row.Integer("repetition", minimum: 0), row.Integer("iteration", minimum: 0),
                row.Text("layer"), row.Integer("layer_index", minimum: 0), metrics, row.Line)
            {
                Undefined = undefined,
                UndefinedReason = reason,
            };

            var key = (record.Problem, record.Repetition, record.Iteration, record.Layer);
            if (!seen.TryAdd(key, row.Line))
                throw row.Error(null, $"duplicate row for problem {record.Problem}, repetition {record.Repetition}, iteration {record.Iteration}, layer {record.Layer} (first at line {seen[key]})");
            // The layer order must be one order per problem, or figure 2's x axis would be ambiguous.
            if (layerIndexes.TryGetValue((record.Problem, record.Layer), out var known) && known.Index != record.LayerIndex)
                throw row.Error("layer_index", $"layer {record.Layer} of problem {record.Problem} has index {record.LayerIndex} here but {known.Index} at line {known.Line}");
            layerIndexes.TryAdd((record.Problem, record.Layer), (record.LayerIndex, row.Line));
            records.Add(record);
        }
        return records;
    }

    /// <summary>The reason cell for a layer's undefined values: the reason when they share one, else each value's.</summary>
    public static string ReasonCell(IReadOnlyDictionary<string, string> undefined)
    {
        var reasons = undefined.Values.Distinct().ToList();
        return reasons.Count == 1 ? reasons[0] : string.Join("; ", KnownOrder(undefined.Keys).Select(name => $"{name}: {undefined[name]}"));
    }

    /// <summary>The undefined cell: the names in column order.</summary>
    public static string UndefinedCell(IReadOnlyDictionary<string, string> undefined) => string.Join(' ', KnownOrder(undefined.Keys));

    private static IEnumerable<string> KnownOrder(IEnumerable<string> names) => names.OrderBy(ResultMedians.MetricOrder).ThenBy(n => n, StringComparer.Ordinal);
}
