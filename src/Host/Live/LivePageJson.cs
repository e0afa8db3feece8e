using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorPipeline.Host.Live;

/// <summary>How the live page's JSON is written: camelCase, as the page's script reads it.</summary>
public static class LivePageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
