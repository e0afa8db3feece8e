namespace ActorPipeline.Host.Reports;

/// <summary>A results file that cannot be read as specified; the message names the file, line and column.</summary>
public sealed class ResultsFormatException : FormatException
{
    public ResultsFormatException(string file, int line, int? columnNumber, string? columnName, string problem)
        : base(Describe(file, line, columnNumber, columnName, problem))
    {
        File = file;
        Line = line;
        ColumnNumber = columnNumber;
        ColumnName = columnName;
    }

    public string File { get; }

    private static string Describe(string file, int line, int? columnNumber, string? columnName, string problem) => (columnNumber, columnName) switch
    {
        (null, null) => $"{file}: line {line}: {problem}",
        (null, _) => $"{file}: line {line}: column '{columnName}': {problem}",
        _ => $"{file}: line {line}, column {columnNumber} ({columnName}): {problem}",
    };

    /// <summary>1-based line number in the file.</summary>
    public int Line { get; }

    /// <summary>1-based column number, or null when the whole line is at fault.</summary>
    public int? ColumnNumber { get; }

    /// <summary>The column's header name, or null when the whole line is at fault.</summary>
    public string? ColumnName { get; }
}
