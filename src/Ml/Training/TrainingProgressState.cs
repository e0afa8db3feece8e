using System.Text.Json;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// The small, JSON-serialized part of a resumable training: which epoch is next, early-stopping
/// bookkeeping, and the history so far. Tensors live in files named by <see cref="CompletedEpochs"/>.
/// The best epoch's monitored figure is read from <see cref="History"/> (files written before the monitor
/// became an option also hold a BestValidationLoss, which is ignored).
/// </summary>
internal sealed record TrainingProgressState(
    int CompletedEpochs,
    int? BestEpoch,
    int EpochsWithoutImprovement,
    bool Stopped,
    List<EpochReport> History)
{
    public const string FileName = "training-state.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static TrainingProgressState Fresh() => new(0, null, 0, false, []);

    public static string ModelFile(string directory, int epoch) => Path.Combine(directory, $"model-epoch{epoch:D4}.pt");
    public static string OptimizerFile(string directory, int epoch) => Path.Combine(directory, $"optimizer-epoch{epoch:D4}.pt");
    public static string BestModelFile(string directory, int epoch) => Path.Combine(directory, $"best-at-epoch{epoch:D4}.pt");

    public static TrainingProgressState? TryLoad(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<TrainingProgressState>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"Training state {path} is unreadable ({e.Message}); delete the folder {directory} to retrain from scratch.", e);
        }
    }

    public void Save(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));
}
