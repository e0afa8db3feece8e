using System.Globalization;
using CsvHelper;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// A results file read with CsvHelper (<see cref="ResultsCsvFormat"/>) into a table whose accessors validate every value
/// and report a problem with the file, line and column name.
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

    /// <summary>Reads the file; fails clearly when it is missing, empty, lacks a required column, has a ragged line or broken quotes.</summary>
    public static CsvTable Read(string path, IReadOnlyList<string> requiredColumns)
    {
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"{path}: results file not found (the sweep writes it; is this a sweep folder?)", path);

        CsvMalformedRecord? malformed = null;
        using var csv = CsvReader.FromFile(path, ResultsCsvFormat.Reader with { OnMalformedRecord = record => malformed ??= record });
        void ThrowIfMalformed()
        {
            if (malformed is { } bad) throw new ResultsFormatException(path, (int)bad.LineNumber, null, null, Describe(bad.Reason));
        }

        var columns = csv.Headers.ToList();
        ThrowIfMalformed();
        if (columns.Count == 0)
            throw new ResultsFormatException(path, 1, null, null, "the file is empty; expected the header " + string.Join(',', requiredColumns));
        int headerLine = (int)csv.LineNumber;
        foreach (var required in requiredColumns)
        {
            if (!columns.Contains(required))
                throw new ResultsFormatException(path, headerLine, null, required, $"missing from the header (found: {string.Join(',', columns)})");
        }
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ResultsFormatException(path, headerLine, columns.LastIndexOf(duplicate.Key) + 1, duplicate.Key, "appears twice in the header");

        var table = new List<CsvRow>();
        var result = new CsvTable(path, columns, table);
        while (csv.Read())
        {
            ThrowIfMalformed();
            int line = (int)csv.LineNumber;
            if (csv.FieldCount != columns.Count)
                throw new ResultsFormatException(path, line, null, null, $"{csv.FieldCount} fields where the header has {columns.Count}");
            table.Add(new CsvRow(result, line, Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList()));
        }
        return result;
    }

    internal int IndexOf(string column) => columnIndex[column];

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => "unterminated double quote",
        CsvMalformedReason.StrayQuote => "a double quote inside a field that does not start with one",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing double quote of a field",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside double quotes",
        _ => $"malformed CSV ({reason})",
    };
}

/// <summary>One data line of a <see cref="CsvTable"/>, with typed accessors that name the culprit on failure.</summary>
internal sealed class CsvRow(CsvTable table, int line, IReadOnlyList<string> fields)
{
    public int Line { get; } = line;

    public string Raw(string column) => fields[table.IndexOf(column)];

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
