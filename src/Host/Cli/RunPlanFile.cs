using System.Text.Json;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Host.Cli;

/// <summary>
/// plan.json in a `train` or `imp` folder: the recipe it ran and the data it ran on, so `imp --dense` continues a
/// dense run with exactly its plan, and a folder says what is in it.
/// </summary>
internal sealed record RunPlanFile(ProblemPlan Plan, string DataPath, string DataChecksum, string? Sweep = null, int? Repetition = null)
{
    public const string FileName = "plan.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Save(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    public static RunPlanFile Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: the folder was not written by `train` (or by an older version); run `train` again.", path);
        try
        {
            return JsonSerializer.Deserialize<RunPlanFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is unreadable: {e.Message}", e);
        }
    }
}
