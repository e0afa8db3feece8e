namespace ActorPipeline.Host.Reports;

/// <summary>A table of display text, the same for report.md and report.html; the first column labels the rows.</summary>
public sealed record TextTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The cells of the row whose first cell is <paramref name="label"/> (for tests and lookups).</summary>
    public IReadOnlyList<string> Row(string label) =>
        Rows.FirstOrDefault(r => r.Count > 0 && r[0] == label) ?? throw new KeyNotFoundException($"no row '{label}' in the table (rows: {string.Join(", ", Rows.Select(r => r[0]))})");
}
