namespace ActorPipeline.Host.Reports;

/// <summary>Reads and validates results/accuracy.csv.</summary>
public static class AccuracyCsv
{
    public const string FileName = "accuracy.csv";

    public static readonly IReadOnlyList<string> Columns =
        ["problem", "repetition", "iteration", "conv_sparsity", "fc_sparsity", "overall_sparsity", "test_accuracy"];

    public static IReadOnlyList<AccuracyRecord> Read(string path)
    {
        var table = CsvTable.Read(path, Columns);
        var records = new List<AccuracyRecord>();
        var seen = new Dictionary<(string, int, int), int>();
        foreach (var row in table.Rows)
        {
            var iteration = row.Integer("iteration", minimum: 0);
            var repetition = row.Integer("repetition", minimum: -1);
            if (repetition == -1 && iteration != 0)
                throw row.Error("repetition", "-1 (shared by all repetitions) is only allowed for the dense row, iteration 0");
            var record = new AccuracyRecord(
                row.Text("problem"), repetition, iteration,
                row.Number("conv_sparsity", 0, 1), row.Number("fc_sparsity", 0, 1), row.Number("overall_sparsity", 0, 1),
                row.Number("test_accuracy", 0, 1), row.Line);
            if (!seen.TryAdd((record.Problem, repetition, iteration), row.Line))
                throw row.Error(null, $"duplicate row for problem {record.Problem}, repetition {repetition}, iteration {iteration} (first at line {seen[(record.Problem, repetition, iteration)]})");
            records.Add(record);
        }

        // The dense row is given either once (repetition -1) or per repetition; both at once would double count.
        foreach (var problem in records.GroupBy(r => r.Problem))
        {
            var shared = problem.FirstOrDefault(r => r.Iteration == 0 && r.Repetition == -1);
            var perRepetition = problem.FirstOrDefault(r => r.Iteration == 0 && r.Repetition >= 0);
            if (shared is not null && perRepetition is not null)
                throw new ResultsFormatException(path, Math.Max(shared.Line, perRepetition.Line), null, null,
                    $"problem {problem.Key} has a dense row with repetition -1 (line {shared.Line}) and per repetition (line {perRepetition.Line}); give one or the other");
        }
        return records;
    }
}
