namespace ActorPipeline.Host.Reports;

/// <summary>Reads and validates results/similarity.csv. Every column after the key columns is a metric.</summary>
public static class SimilarityCsv
{
    public const string FileName = "similarity.csv";

    public static readonly IReadOnlyList<string> KeyColumns = ["problem", "repetition", "iteration", "layer", "layer_index"];

    /// <summary>The metric columns the sweep writes, in this order; other extra columns are read as metrics too.</summary>
    public static readonly IReadOnlyList<string> KnownMetrics = Ml.Similarity.SimilarityMetrics.ResultNames;

    public static IReadOnlyList<SimilarityRecord> Read(string path)
    {
        var table = CsvTable.Read(path, KeyColumns);
        var metricColumns = table.Columns.Where(c => !KeyColumns.Contains(c)).ToList();
        if (metricColumns.Count == 0)
            throw new ResultsFormatException(path, 1, null, null, $"no metric columns after {string.Join(',', KeyColumns)} (expected e.g. {string.Join(',', KnownMetrics)})");

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
            var record = new SimilarityRecord(
                row.Text("problem"), row.Integer("repetition", minimum: 0), row.Integer("iteration", minimum: 0),
                row.Text("layer"), row.Integer("layer_index", minimum: 0), metrics, row.Line);

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
}
