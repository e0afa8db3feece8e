using System.Text.Json;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// One IMP repetition with late rewinding, in its own folder. Iteration k prunes the final weights of
/// iteration k−1 (iteration 1: the dense network's final weights) with <see cref="MagnitudePruner"/>,
/// rewinds the survivors to the dense training's rewind point (weights and batch-norm statistics: the whole
/// checkpoint is loaded, then the mask applied; with <see cref="RewindMode.LearningRate"/> they keep their
/// trained values instead), and retrains with a fresh optimizer for T epochs, the mask re-applied after every
/// optimizer step so pruned parameters are exactly zero throughout.
/// <para>
/// Layout: <c>iteration-01/</c> holds mask.pt, final.pt (masked weights), metrics.csv, checkpoints/
/// while training, and iteration.json, written last as the "done" marker (paths in it are relative).
/// A finished iteration is skipped; an interrupted one resumes from its last completed epoch; on the CPU
/// the result is bit-identical to an uninterrupted run.
/// </para>
/// </summary>
public sealed class ImpRepetitionJob
{
    public const string SummaryFile = "iteration.json";
    public const string MaskFile = "mask.pt";
    public const string WeightsFile = "final.pt";
    public const string MetricsFile = "metrics.csv";
    public const string CheckpointFolder = "checkpoints";
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly string _folder;

    public ImpRepetitionJob(string folder) => _folder = folder;

    public string Folder => _folder;

    public string IterationFolder(int iteration) => Path.Combine(_folder, $"iteration-{iteration:D2}");

    /// <summary>Identifies the settings an iteration was run with (independent of the number of iterations and of paths).</summary>
    public static string SettingsHashOf(ImpSettings settings, DenseTrainingResult dense) =>
        SettingsHash.Of(new
        {
            Settings = settings with { Iterations = 0 },
            dense.RewindEpoch,
            dense.EpochsRun,
            dense.FinalTestAccuracy,
        });

    /// <summary>The finished iteration, or null when it has not been completed in this folder.</summary>
    public ImpIterationResult? TryLoadIteration(int iteration)
    {
        RequireIteration(iteration);
        var folder = IterationFolder(iteration);
        var path = Path.Combine(folder, SummaryFile);
        if (!File.Exists(path)) return null;
        ImpIterationResult? stored;
        try
        {
            stored = JsonSerializer.Deserialize<ImpIterationResult>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is unreadable ({e.Message}); delete {folder} to redo iteration {iteration}.", e);
        }
        if (stored is null) throw new InvalidDataException($"{path} is empty; delete {folder} to redo iteration {iteration}.");
        return stored with
        {
            MaskPath = Path.Combine(folder, stored.MaskPath),
            WeightsPath = Path.Combine(folder, stored.WeightsPath),
        };
    }

    /// <summary>Loads a finished iteration's weights into <paramref name="model"/> and applies its mask.</summary>
    public void LoadIteration(int iteration, PaperCnn model)
    {
        var result = TryLoadIteration(iteration)
                     ?? throw new InvalidOperationException($"IMP iteration {iteration} has not finished in {_folder}.");
        ModelCheckpoint.Load(model, result.WeightsPath);
        using var mask = MaskSet.Load(result.MaskPath, DeviceOf(model));
        mask.ApplyTo(model);
    }

    /// <summary>
    /// Runs iteration <paramref name="iteration"/> (1-based) unless it is done; on return
    /// <paramref name="model"/> holds its pruned, retrained weights. Iteration k needs iteration k−1 done.
    /// </summary>
    public ImpIterationResult RunIteration(int iteration, PaperCnn model, TrainingData data, ImpSettings settings,
        DenseTrainingResult dense, IBatchAugmenter? augmenter, Action<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        RequireIteration(iteration);
        settings.Validate();
        var hash = SettingsHashOf(settings, dense);
        var device = DeviceOf(model);
        var prunable = MaskSet.PrunableParameters(model, settings.PruningOptions).Select(p => p.Name).ToList();

        if (TryLoadIteration(iteration) is { } done)
        {
            RequireSameSettings(done, hash, iteration);
            // A crash between the done marker and the clean-up leaves the training checkpoints behind.
            var leftover = Path.Combine(IterationFolder(iteration), CheckpointFolder);
            if (Directory.Exists(leftover)) Directory.Delete(leftover, recursive: true);
            LoadIteration(iteration, model);
            return done;
        }
        cancellation.ThrowIfCancellationRequested();

        // The network to prune: the dense final weights, or the previous iteration's final weights.
        MaskSet previous;
        if (iteration == 1)
        {
            ModelCheckpoint.Load(model, dense.FinalWeightsPath);
            previous = MaskSet.Dense(model, settings.PruningOptions);
        }
        else
        {
            var before = TryLoadIteration(iteration - 1)
                         ?? throw new InvalidOperationException($"IMP iteration {iteration} needs iteration {iteration - 1} finished first (in {_folder}).");
            RequireSameSettings(before, hash, iteration - 1);
            ModelCheckpoint.Load(model, before.WeightsPath);
            previous = MaskSet.Load(before.MaskPath, device);
            previous.RequireTensors(prunable, $"The mask of iteration {iteration - 1}");
            previous.ApplyTo(model);
        }

        var folder = IterationFolder(iteration);
        Directory.CreateDirectory(folder);
        var maskPath = Path.Combine(folder, MaskFile);
        MaskSet mask;
        using (previous)
        {
            if (File.Exists(maskPath))
            {
                // An interrupted run already chose this mask and trained with it: keep it.
                mask = MaskSet.Load(maskPath, device);
                mask.RequireTensors(prunable, $"The mask of iteration {iteration}");
            }
            else
            {
                using (var span = Telemetry.PipelineDiagnostics.Source.StartActivity("pruning"))
                {
                    mask = MagnitudePruner.Prune(model, previous, settings.PruningOptions);
                    var sparsity = mask.Sparsity();
                    span?.SetTag("iteration", iteration);
                    span?.SetTag("sparsity.conv", sparsity.Conv);
                    span?.SetTag("sparsity.fc", sparsity.Fc);
                    span?.SetTag("sparsity.overall", sparsity.Overall);
                }
                mask.Save(maskPath);
            }
        }

        using (mask)
        {
            // Late rewinding: every parameter and batch-norm statistic from the rewind point, then the mask. Learning-rate
            // rewinding keeps the weights just pruned; the fresh optimizer below restarts the (constant) learning rate.
            if (settings.Rewind == RewindMode.Weights) ModelCheckpoint.Load(model, dense.RewindWeightsPath);
            mask.ApplyTo(model);

            var hooks = new TrainingHooks
            {
                CheckpointDirectory = Path.Combine(folder, CheckpointFolder),
                AfterOptimizerStep = mask.ApplyTo,
                // Only with clipping: without it the masked gradients change nothing (the weights are re-masked), and the default stays bit-identical.
                AfterBackward = settings.TrainingOptions.GradientClipNorm is null ? null : mask.ZeroPrunedGradients,
                EpochCompleted = (report, _) => progress?.Invoke(report),
            };
            var training = new Trainer(settings.TrainingFor(iteration), augmenter).Train(model, data, hooks, cancellation);
            mask.ApplyTo(model); // already zero (every step and every restored checkpoint is masked); kept as a guarantee

            var weightsPath = Path.Combine(folder, WeightsFile);
            ModelCheckpoint.Save(model, weightsPath);
            AtomicFile.WriteAllText(Path.Combine(folder, MetricsFile), EpochCsv.Format(training.History));
            var result = new ImpIterationResult(iteration, mask.Sparsity(), training.FinalTestAccuracy, training.History.Count,
                training.BestEpoch, training.StoppedEarly, maskPath, weightsPath, training.History, hash);
            var stored = result with { MaskPath = MaskFile, WeightsPath = WeightsFile };
            AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), JsonSerializer.Serialize(stored, Json));
            Directory.Delete(hooks.CheckpointDirectory, recursive: true);
            return result;
        }
    }

    /// <summary>
    /// Runs (or skips, or resumes) iterations 1…<see cref="ImpSettings.Iterations"/> in order; on return
    /// <paramref name="model"/> holds the last iteration's weights.
    /// </summary>
    public IReadOnlyList<ImpIterationResult> Run(PaperCnn model, TrainingData data, ImpSettings settings, DenseTrainingResult dense,
        IBatchAugmenter? augmenter, Action<ImpIterationResult>? iterationCompleted = null, Action<int, EpochReport>? progress = null,
        CancellationToken cancellation = default)
    {
        settings.Validate();
        var results = new List<ImpIterationResult>();
        for (int iteration = 1; iteration <= settings.Iterations; iteration++)
        {
            int current = iteration;
            var result = RunIteration(iteration, model, data, settings, dense, augmenter,
                progress is null ? null : report => progress(current, report), cancellation);
            results.Add(result);
            iterationCompleted?.Invoke(result);
        }
        return results;
    }

    private void RequireSameSettings(ImpIterationResult done, string hash, int iteration)
    {
        if (done.SettingsHash != hash)
            throw new InvalidOperationException($"Iteration {iteration} in {_folder} was run with other settings (hash {done.SettingsHash}, now {hash}); use another folder or delete it.");
    }

    private static void RequireIteration(int iteration)
    {
        if (iteration < 1) throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "IMP iterations count from 1 (0 is the dense network).");
    }

    private static Device DeviceOf(PaperCnn model) =>
        model.parameters().FirstOrDefault()?.device ?? CPU;
}
