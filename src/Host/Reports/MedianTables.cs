using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorPipeline.Host.Reports;

/// <summary>Writes the medians as CSV (same columns as the inputs, plus the repetition count and the interquartile range) and as JSON.</summary>
public static class MedianTables
{
    public const string AccuracyFileStem = "medians-accuracy";
    public const string SimilarityFileStem = "medians-similarity";

    public const string AccuracyHeader = "problem,iteration,repetitions,conv_sparsity,fc_sparsity,overall_sparsity,test_accuracy,test_accuracy_lower_quartile,test_accuracy_upper_quartile";
    public const string SimilarityHeader = "problem,layer,layer_index,iteration,metric,repetitions,value,lower_quartile,upper_quartile";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void WriteAccuracy(string resultsFolder, IReadOnlyList<AccuracyMedian> medians)
    {
        var csv = new StringBuilder().AppendLine(AccuracyHeader);
        foreach (var m in medians)
            csv.AppendLine(string.Join(',', Field(m.Problem), I(m.Iteration), I(m.Repetitions), D(m.ConvSparsity), D(m.FcSparsity), D(m.OverallSparsity), D(m.TestAccuracy), D(m.TestAccuracyLowerQuartile), D(m.TestAccuracyUpperQuartile)));
        Write(resultsFolder, AccuracyFileStem, csv.ToString(), medians);
    }

    public static void WriteSimilarity(string resultsFolder, IReadOnlyList<SimilarityMedian> medians)
    {
        var csv = new StringBuilder().AppendLine(SimilarityHeader);
        foreach (var m in medians)
            csv.AppendLine(string.Join(',', Field(m.Problem), Field(m.Layer), I(m.LayerIndex), I(m.Iteration), Field(m.Metric), I(m.Repetitions), D(m.Value), D(m.LowerQuartile), D(m.UpperQuartile)));
        Write(resultsFolder, SimilarityFileStem, csv.ToString(), medians);
    }

    private static void Write<T>(string folder, string stem, string csv, IReadOnlyList<T> rows)
    {
        File.WriteAllText(Path.Combine(folder, stem + ".csv"), csv);
        File.WriteAllText(Path.Combine(folder, stem + ".json"), JsonSerializer.Serialize(rows, Json));
    }

    // "R" keeps every digit, so the files round-trip exactly what the figures show.
    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
