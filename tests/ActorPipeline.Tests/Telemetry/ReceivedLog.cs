using System.Text.Json;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>One log record as the receiver returned it (OTLP/JSON), with the trace context it carried.</summary>
internal sealed record ReceivedLog(string? TraceId, string? SpanId, string Body, string SeverityText, string ServiceName, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>All records of {"data":{"resourceLogs":[{resource, scopeLogs:[{scope, logRecords}]}]}}.</summary>
    public static IReadOnlyList<ReceivedLog> From(JsonDocument document)
    {
        var logs = new List<ReceivedLog>();
        var root = document.RootElement.TryGetProperty("data", out var data) ? data : document.RootElement;
        foreach (var resourceLog in Array(root, "resourceLogs"))
        {
            var service = resourceLog.TryGetProperty("resource", out var resource) && ReadAttributes(resource).TryGetValue("service.name", out var name) ? name : "";
            foreach (var scopeLog in Array(resourceLog, "scopeLogs"))
            foreach (var record in Array(scopeLog, "logRecords"))
            {
                logs.Add(new ReceivedLog(
                    Text(record, "traceId"), Text(record, "spanId"),
                    record.TryGetProperty("body", out var body) ? FirstValue(body) : "",
                    Text(record, "severityText") ?? "", service, ReadAttributes(record)));
            }
        }
        return logs;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? text : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string FirstValue(JsonElement typedValue)
    {
        foreach (var typed in typedValue.EnumerateObject())
            return typed.Value.ValueKind == JsonValueKind.String ? typed.Value.GetString()! : typed.Value.GetRawText();
        return "";
    }

    private static Dictionary<string, string> ReadAttributes(JsonElement owner) =>
        Array(owner, "attributes").ToDictionary(a => a.GetProperty("key").GetString()!, a => FirstValue(a.GetProperty("value")));
}
