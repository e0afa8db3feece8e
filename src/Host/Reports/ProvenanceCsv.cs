namespace ActorPipeline.Host.Reports;

/// <summary>Reads and validates results/provenance.csv (written by the results writer with <see cref="Columns"/>): one row per recorded step.</summary>
public static class ProvenanceCsv
{
    public const string FileName = "provenance.csv";

    /// <summary>The step column's values.</summary>
    public const string DenseStep = "dense", TrainedStep = "trained", MeasuredStep = "measured";

    public static readonly IReadOnlyList<string> Columns =
        ["problem", "repetition", "iteration", "step", "node", "device", "device_name", "libtorch", "torchsharp", "threads", "deterministic", "data_md5"];

    public static IReadOnlyList<ProvenanceRecord> Read(string path)
    {
        var table = CsvTable.Read(path, Columns);
        var records = new List<ProvenanceRecord>();
        foreach (var row in table.Rows)
        {
            string step = row.Text("step");
            if (step is not (DenseStep or TrainedStep or MeasuredStep)) throw row.Error("step", $"'{step}' is not one of {DenseStep}, {TrainedStep}, {MeasuredStep}");
            int? repetition = row.Raw("repetition").Length == 0 ? null : row.Integer("repetition", minimum: 0);
            if ((repetition is null) != (step == DenseStep)) throw row.Error("repetition", step == DenseStep ? "the dense step belongs to no repetition: leave it empty" : "required for a repetition's step");
            int? threads = row.Raw("threads").Length == 0 ? null : row.Integer("threads", minimum: 1);
            bool? deterministic = row.Raw("deterministic") switch
            {
                "" => null,
                "true" => true,
                "false" => false,
                var other => throw row.Error("deterministic", $"'{other}' is not true or false"),
            };
            records.Add(new ProvenanceRecord(row.Text("problem"), repetition, row.Integer("iteration", minimum: 0), step, row.Raw("node"), row.Raw("device"),
                row.Raw("device_name"), row.Raw("libtorch"), row.Raw("torchsharp"), threads, deterministic, row.Raw("data_md5"), row.Line));
        }
        return records;
    }
}
