using System.Globalization;
using CsvHelper;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// The one CSV dialect of results/*.csv, for CsvHelper to read and write: a header line, commas, RFC 4180 quoting (only
/// a field with a comma, a double quote or a line break is quoted), "\n" after every line, UTF-8 without a byte order
/// mark, invariant culture. Reading also accepts what an editor may leave: blank lines, spaces around fields, CRLF.
/// Fields are text: numbers are formatted and parsed by the writer and the readers (shortest round-trip text), so the
/// files stay byte for byte what they have always been.
/// </summary>
internal static class ResultsCsvFormat
{
    /// <summary>Malformed quoting is reported to <c>OnMalformedRecord</c> (see <see cref="CsvTable"/>), which names the line.</summary>
    public static CsvReaderOptions Reader { get; } = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        TrimWhitespace = true,
        TrimInsideQuotes = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static CsvWriterOptions Writer { get; } = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\n",
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.None, // a reason such as "-inf …" is data, not a spreadsheet formula
        WriteByteOrderMark = false,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>The file's text: <paramref name="header"/>, then one line per row of formatted fields.</summary>
    public static string Text(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Writer, leaveOpen: true))
        {
            csv.WriteRecord([.. header]);
            foreach (var row in rows) csv.WriteRecord([.. row]);
        }
        return text.ToString();
    }
}
