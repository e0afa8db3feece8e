using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Turns settings (records serialized with snake_case names) into the report's words: "batch_size" → "batch size",
/// true → "yes", null → "none", lists joined with commas, and § or µ as themselves, never as \u escapes.
/// </summary>
public static class SettingText
{
    /// <summary>snake_case like sweep.json, and no escaping of non-ASCII text (Table 2 prints §).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Label(string snakeCaseName) => snakeCaseName.Replace('_', ' ');

    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "none",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array when value.EnumerateArray().All(IsScalar) => string.Join(", ", value.EnumerateArray().Select(Value)),
        _ => JsonSerializer.Serialize(value, Json),
    };

    /// <summary>Every setting of <paramref name="settings"/> with its path of names (a nested section's settings under its name) and its value in words, in order.</summary>
    public static IEnumerable<(IReadOnlyList<string> Path, string Value)> Leaves(JsonElement settings)
    {
        foreach (var property in settings.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
                foreach (var (path, value) in Leaves(property.Value))
                    yield return ([property.Name, .. path], value);
            else
                yield return ([property.Name], Value(property.Value));
        }
    }

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static bool IsScalar(JsonElement value) => value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);
}
