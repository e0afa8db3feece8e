using System.Globalization;
using System.Text;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// A small CSV reader for the sweep's results files: header line, comma separated, optional double quotes,
/// invariant culture. Every accessor reports problems with the file, line and column name.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> columnIndex;

    private CsvTable(string file, IReadOnlyList<string> columns, IReadOnlyList<CsvRow> rows)
    {
        File = file;
        Columns = columns;
        Rows = rows;
        columnIndex = columns.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
    }

    public string File { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Reads the file; fails clearly when it is missing, empty, lacks a required column or has a ragged line.</summary>
    public static CsvTable Read(string path, IReadOnlyList<string> requiredColumns)
    {
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"{path}: results file not found (the sweep writes it; is this a sweep folder?)", path);

        var lines = System.IO.File.ReadAllLines(path, Encoding.UTF8);
        var headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0)
            throw new ResultsFormatException(path, 1, null, null, "the file is empty; expected the header " + string.Join(',', requiredColumns));

        var columns = Split(lines[headerLine], path, headerLine + 1).Select(c => c.Trim()).ToList();
        foreach (var required in requiredColumns)
        {
            if (!columns.Contains(required))
                throw new ResultsFormatException(path, headerLine + 1, null, required, $"missing from the header (found: {string.Join(',', columns)})");
        }
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ResultsFormatException(path, headerLine + 1, columns.LastIndexOf(duplicate.Key) + 1, duplicate.Key, "appears twice in the header");

        var table = new List<CsvRow>();
        var result = new CsvTable(path, columns, table);
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
                continue;
            var fields = Split(lines[i], path, i + 1);
            if (fields.Count != columns.Count)
                throw new ResultsFormatException(path, i + 1, null, null, $"{fields.Count} fields where the header has {columns.Count}");
            table.Add(new CsvRow(result, i + 1, fields));
        }
        return result;
    }

    internal int IndexOf(string column) => columnIndex[column];

    // One line into fields; "..." quotes a field, "" inside quotes is a quote.
    private static List<string> Split(string line, string file, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted)
            throw new ResultsFormatException(file, lineNumber, null, null, "unterminated double quote");
        fields.Add(field.ToString());
        return fields;
    }
}

/// <summary>One data line of a <see cref="CsvTable"/>, with typed accessors that name the culprit on failure.</summary>
internal sealed class CsvRow(CsvTable table, int line, IReadOnlyList<string> fields)
{
    public int Line { get; } = line;

    public string Raw(string column) => fields[table.IndexOf(column)].Trim();

    public string Text(string column)
    {
        var value = Raw(column);
        return value.Length > 0 ? value : throw Error(column, "empty; a value is required");
    }

    public int Integer(string column, int minimum)
    {
        var value = Raw(column);
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            throw Error(column, $"'{value}' is not an integer");
        return number >= minimum ? number : throw Error(column, $"{number} is below the minimum {minimum}");
    }

    public double Number(string column, double minimum = double.NegativeInfinity, double maximum = double.PositiveInfinity) =>
        OptionalNumber(column, minimum, maximum) ?? throw Error(column, "empty; a number is required");

    /// <summary>A number, or null for an empty field (a metric that was not computed).</summary>
    public double? OptionalNumber(string column, double minimum = double.NegativeInfinity, double maximum = double.PositiveInfinity)
    {
        var value = Raw(column);
        if (value.Length == 0)
            return null;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            throw Error(column, $"'{value}' is not a finite number (invariant culture, '.' as decimal point)");
        if (number < minimum || number > maximum)
            throw Error(column, $"{value} is outside [{minimum.ToString(CultureInfo.InvariantCulture)}, {maximum.ToString(CultureInfo.InvariantCulture)}]");
        return number;
    }

    public ResultsFormatException Error(string? column, string problem) =>
        new(table.File, Line, column is null ? null : table.IndexOf(column) + 1, column, problem);
}
