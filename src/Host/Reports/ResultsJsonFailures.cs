using System.Text.Json;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Reads what failed from results/results.json (the CSV files hold only what was recorded): failed dense trainings
/// and failed repetitions with their causes. A sweep folder without results.json (results copied without it) has
/// no failures to show; a damaged one is an error naming the file.
/// </summary>
public static class ResultsJsonFailures
{
    public const string FileName = "results.json";

    /// <summary>The failures, or null when the file is absent (then nobody knows).</summary>
    public static IReadOnlyList<FailedWork>? Read(string resultsFolder)
    {
        var path = Path.Combine(resultsFolder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var failures = new List<FailedWork>();
            foreach (var problem in Array(document.RootElement, "problems"))
            {
                var name = problem.GetProperty("problem").GetString() ?? throw new InvalidDataException("a problem without a name");
                if (Text(problem, "dense_failure") is { } dense)
                    failures.Add(new FailedWork(name, null, 0, dense, 0));
                foreach (var repetition in Array(problem, "repetitions"))
                {
                    if (Text(repetition, "failure") is not { } cause) continue;
                    failures.Add(new FailedWork(name, repetition.GetProperty("repetition").GetInt32(), repetition.GetProperty("attempts").GetInt32(), cause,
                        Array(repetition, "iterations").Count()));
                }
            }
            return failures;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"{path}: not the results.json a sweep writes ({e.Message})", e);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
