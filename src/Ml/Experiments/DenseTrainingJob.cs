using System.Text.Json;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// Trains a problem's dense network once, in its own folder: the rewind point (weights and batch-norm
/// statistics at the end of epoch <c>rewindEpoch</c>), the final weights, per-epoch metrics, and a
/// summary written last as the "done" marker. Run again on the same folder it returns the finished
/// result at once, or continues an interrupted training from its last completed epoch.
/// </summary>
public sealed class DenseTrainingJob
{
    public const string SummaryFile = "dense.json";
    public const string FinalWeightsFile = "final.pt";
    public const string MetricsFile = "metrics.csv";
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly string _folder;

    public DenseTrainingJob(string folder) => _folder = folder;

    public static string RewindFileName(int epoch) => $"rewind-epoch{epoch:D3}.pt";

    /// <summary>The finished result, or null when this folder has no completed training.</summary>
    public DenseTrainingResult? TryLoadResult()
    {
        var path = Path.Combine(_folder, SummaryFile);
        if (!File.Exists(path)) return null;
        var stored = JsonSerializer.Deserialize<DenseTrainingResult>(File.ReadAllText(path), Json)
                     ?? throw new InvalidDataException($"{path} is empty; delete it to retrain.");
        // Paths are stored relative to the folder so a finished run can be moved or shared.
        return stored with
        {
            FinalWeightsPath = Path.Combine(_folder, stored.FinalWeightsPath),
            RewindWeightsPath = Path.Combine(_folder, stored.RewindWeightsPath),
        };
    }

    public DenseTrainingResult Run(PaperCnn model, TrainingData data, TrainingOptions options, int rewindEpoch,
        IBatchAugmenter? augmenter, Action<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        if (rewindEpoch < 0 || rewindEpoch > options.Epochs)
            throw new ArgumentOutOfRangeException(nameof(rewindEpoch), rewindEpoch, $"The rewind epoch must lie in 0..{options.Epochs} (the training's epochs).");
        if (TryLoadResult() is { } done)
        {
            ModelCheckpoint.Load(model, done.FinalWeightsPath);
            return done;
        }

        Directory.CreateDirectory(_folder);
        var rewindPath = Path.Combine(_folder, RewindFileName(rewindEpoch));
        if (rewindEpoch == 0 && !File.Exists(rewindPath)) ModelCheckpoint.Save(model, rewindPath);

        var hooks = new TrainingHooks
        {
            CheckpointDirectory = Path.Combine(_folder, "checkpoints"),
            EpochCompleted = (report, trained) =>
            {
                if (report.Epoch == rewindEpoch) ModelCheckpoint.Save(trained, rewindPath);
                progress?.Invoke(report);
            },
        };
        var training = new Trainer(options, augmenter).Train(model, data, hooks, cancellation);
        if (!File.Exists(rewindPath))
            throw new InvalidOperationException($"Training ended after {training.History.Count} epochs, before the rewind epoch {rewindEpoch}: lower the rewind epoch or raise the patience.");

        var finalPath = Path.Combine(_folder, FinalWeightsFile);
        ModelCheckpoint.Save(model, finalPath);
        AtomicFile.WriteAllText(Path.Combine(_folder, MetricsFile), EpochCsv.Format(training.History));
        var result = new DenseTrainingResult(finalPath, rewindPath, rewindEpoch, training.History.Count, training.StoppedEarly,
            training.BestEpoch, training.FinalTestAccuracy, training.History);
        var stored = result with { FinalWeightsPath = FinalWeightsFile, RewindWeightsPath = RewindFileName(rewindEpoch) };
        AtomicFile.WriteAllText(Path.Combine(_folder, SummaryFile), JsonSerializer.Serialize(stored, Json));
        Directory.Delete(hooks.CheckpointDirectory, recursive: true);
        return result;
    }
}
