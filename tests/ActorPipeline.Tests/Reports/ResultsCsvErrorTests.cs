using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

/// <summary>Malformed results name the file, the line and the column.</summary>
public sealed class ResultsCsvErrorTests
{
    [Theory]
    // line 3 (header is line 1), column 7
    [InlineData("Cifar2,1,0,0,0,0,0.84", "Cifar2,1,0,0,0,0,0.84x", 3, 7, "test_accuracy")]
    [InlineData("Cifar2,1,0,0,0,0,0.84", "Cifar2,1,0,0,0,0,0.84,9", 3, null, null)]
    [InlineData("Cifar2,1,0,0,0,0,0.84", "Cifar2,one,0,0,0,0,0.84", 3, 2, "repetition")]
    [InlineData("Cifar2,1,0,0,0,0,0.84", "Cifar2,1,0,0,0,0,", 3, 7, "test_accuracy")]
    [InlineData("Cifar2,0,1,0.1,0.2,0.2,0.80", "Cifar2,0,1,0.1,0.2,20,0.80", 5, 6, "overall_sparsity")] // percent, not a fraction
    [InlineData("Cifar2,0,1,0.1,0.2,0.2,0.80", "Cifar2,-1,1,0.1,0.2,0.2,0.80", 5, 2, "repetition")]
    [InlineData("Cifar2,0,1,0.1,0.2,0.2,0.80", "Cifar2,0,1,0.1,0.2,0.2,0,80", 5, null, null)] // decimal comma
    [InlineData("Cifar2,0,1,0.1,0.2,0.2,0.80", "Cifar2,0,2,0.1,0.2,0.2,0.80", 5, null, null)] // duplicate of a later row
    [InlineData("Cifar2,1,0,0,0,0,0.84", "Cifar2,1,0,0,0,0,0.8\"4", 3, null, null)] // a stray quote
    [InlineData("Cifar2,1,0,0,0,0,0.84", "Cifar2,1,0,0,0,0,\"0.8\"4", 3, null, null)] // text after a closing quote
    public void Accuracy_errors_name_file_line_and_column(string replace, string with, int line, int? column, string? columnName)
    {
        using var sweep = ReportFixture.Create(accuracy: ReportFixture.Accuracy.Replace(replace, with));
        var error = Assert.Throws<ResultsFormatException>(() => ReportGenerator.Generate(sweep.Path));
        Assert.Equal(sweep.File("results/accuracy.csv"), error.File);
        Assert.Contains("accuracy.csv", error.Message);
        if (with == "Cifar2,0,2,0.1,0.2,0.2,0.80")
        {
            Assert.Contains("duplicate", error.Message); // reported at the second of the two lines
            Assert.Equal(8, error.Line);
            return;
        }
        Assert.Equal(line, error.Line);
        Assert.Contains($"line {line}", error.Message);
        Assert.Equal(column, error.ColumnNumber);
        Assert.Equal(columnName, error.ColumnName);
        if (column is not null)
            Assert.Contains($"column {column} ({columnName})", error.Message);
    }

    [Fact]
    public void A_file_edited_by_hand_still_reads_crlf_blank_lines_spaces_and_quoted_numbers()
    {
        var lines = ReportFixture.Accuracy.Replace("\r\n", "\n").Split('\n');
        var edited = "\r\n" + string.Join("\r\n", lines.Select((line, i) => i == 2 ? " Cifar2 , 1,0,0,0,0, \"0.84\" " : line).Append("   "));
        using var original = ReportFixture.Create();
        using var sweep = ReportFixture.Create(accuracy: edited);

        var expected = ReportGenerator.Generate(original.Path).AccuracyMedians;
        var actual = ReportGenerator.Generate(sweep.Path).AccuracyMedians;

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_missing_header_column_is_named()
    {
        using var sweep = ReportFixture.Create(accuracy: ReportFixture.Accuracy.Replace("fc_sparsity,", ""));
        var error = Assert.Throws<ResultsFormatException>(() => ReportGenerator.Generate(sweep.Path));
        Assert.Equal(1, error.Line);
        Assert.Equal("fc_sparsity", error.ColumnName);
    }

    [Fact]
    public void Dense_rows_shared_and_per_repetition_at_once_are_rejected()
    {
        using var sweep = ReportFixture.Create(accuracy: ReportFixture.Accuracy + "\nCifar2,-1,0,0,0,0,0.83");
        var error = Assert.Throws<ResultsFormatException>(() => ReportGenerator.Generate(sweep.Path));
        Assert.Contains("repetition -1", error.Message);
    }

    [Theory]
    [InlineData("Cifar2,0,1,conv1,0,0.90,,,0.91,0.99,", "Cifar2,0,1,conv1,0,0.9O,,,0.91,0.99,", 3, 6, "svcca")]
    [InlineData("Cifar2,0,1,conv1,0,0.90,,,0.91,0.99,", "Cifar2,0,1,conv1,2,0.90,,,0.91,0.99,", 6, 5, "layer_index")] // conv1 is index 0 on line 6, after 2 here
    [InlineData("Cifar2,0,1,conv1,0,0.90,,,0.91,0.99,", "Cifar2,0,1,,0,0.90,,,0.91,0.99,", 3, 4, "layer")]
    [InlineData("Cifar2,0,1,conv1,0,0.90,,,0.91,0.99,", "Cifar2,0,1,\"conv1,0,0.90,,,0.91,0.99,", 3, null, null)]
    public void Similarity_errors_name_file_line_and_column(string replace, string with, int line, int? column, string? columnName)
    {
        using var sweep = ReportFixture.Create(similarity: ReportFixture.Similarity.Replace(replace, with));
        var error = Assert.Throws<ResultsFormatException>(() => ReportGenerator.Generate(sweep.Path));
        Assert.Equal(sweep.File("results/similarity.csv"), error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.ColumnNumber);
        Assert.Equal(columnName, error.ColumnName);
    }

    [Fact]
    public void Missing_results_files_are_clear_errors()
    {
        using (var noSimilarity = ReportFixture.Create(similarity: null))
        {
            var error = Assert.Throws<FileNotFoundException>(() => ReportGenerator.Generate(noSimilarity.Path));
            Assert.Contains("similarity.csv", error.Message);
        }
        using (var noAccuracy = ReportFixture.Create(accuracy: null))
        {
            var error = Assert.Throws<FileNotFoundException>(() => ReportGenerator.Generate(noAccuracy.Path));
            Assert.Contains("accuracy.csv", error.Message);
        }
        using var empty = new Data.TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => ReportGenerator.Generate(empty.Path));
    }

    [Fact]
    public void Header_only_accuracy_is_nothing_to_report_but_header_only_similarity_is_fine()
    {
        var accuracyHeader = ReportFixture.Accuracy.Split('\n')[0];
        using (var noRows = ReportFixture.Create(accuracy: accuracyHeader))
        {
            var error = Assert.Throws<InvalidDataException>(() => ReportGenerator.Generate(noRows.Path));
            Assert.Contains("accuracy.csv: no data rows", error.Message);
        }
        var similarityHeader = ReportFixture.Similarity.Split('\n')[0];
        using var early = ReportFixture.Create(similarity: similarityHeader);
        var result = ReportGenerator.Generate(early.Path);
        Assert.Empty(result.Figure2);
        Assert.Equal(6, result.AccuracyMedians.Count);
    }

    [Fact]
    public void Bad_sweep_json_is_a_clear_error()
    {
        using var sweep = ReportFixture.Create(manifest: false);
        File.WriteAllText(sweep.File("sweep.json"), "{ \"profile\": ");
        var error = Assert.Throws<FormatException>(() => ReportGenerator.Generate(sweep.Path));
        Assert.Contains("sweep.json", error.Message);
    }

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_takes_the_middle_or_the_mean_of_the_two_middle_values(double[] values, double expected) =>
        Assert.Equal(expected, Median.Of(values));
}
