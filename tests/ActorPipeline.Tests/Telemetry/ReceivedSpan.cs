using System.Text.Json;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>One span as the receiver returned it (OTLP/JSON), flattened for assertions.</summary>
internal sealed record ReceivedSpan(
    string TraceId, string SpanId, string? ParentSpanId, string Name, string ScopeName,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> ResourceAttributes)
{
    /// <summary>All spans of an OTLP/JSON document shaped {"data":{"resourceSpans":[{resource, scopeSpans:[{scope, spans}]}]}}.</summary>
    public static IReadOnlyList<ReceivedSpan> From(JsonDocument document)
    {
        var spans = new List<ReceivedSpan>();
        var root = document.RootElement.TryGetProperty("data", out var data) ? data : document.RootElement;
        if (!root.TryGetProperty("resourceSpans", out var resourceSpans))
            return spans;
        foreach (var resourceSpan in resourceSpans.EnumerateArray())
        {
            var resource = resourceSpan.TryGetProperty("resource", out var r) ? ReadAttributes(r) : new Dictionary<string, string>();
            foreach (var scopeSpan in Array(resourceSpan, "scopeSpans"))
            {
                var scope = scopeSpan.TryGetProperty("scope", out var s) && s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                foreach (var span in Array(scopeSpan, "spans"))
                {
                    spans.Add(new ReceivedSpan(
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } p ? p : null,
                        span.GetProperty("name").GetString()!,
                        scope,
                        ReadAttributes(span),
                        resource));
                }
            }
        }
        return spans;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    // The dashboard answers every attribute value as a string ({"stringValue": "3"} for an int 3).
    private static Dictionary<string, string> ReadAttributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var attribute in Array(owner, "attributes"))
        {
            var text = "";
            foreach (var typed in attribute.GetProperty("value").EnumerateObject())
            {
                text = typed.Value.ValueKind == JsonValueKind.String ? typed.Value.GetString()! : typed.Value.GetRawText();
                break;
            }
            attributes[attribute.GetProperty("key").GetString()!] = text;
        }
        return attributes;
    }
}
