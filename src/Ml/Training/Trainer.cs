using System.Diagnostics;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// Trains a <see cref="PaperCnn"/> as §4.2 of the paper: Adam with L2 weight decay, mini-batches in a
/// seeded random order, on-device augmentation, test accuracy every epoch, optional gradient-norm
/// clipping, optional early stopping on a validation figure (<see cref="TrainingOptions.Monitor"/>).
/// Everything per batch stays on the device; figures are read back once per epoch.
/// On the CPU the same seed gives bit-identical weights.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;
    private readonly IBatchAugmenter? _augmenter;

    public Trainer(TrainingOptions options, IBatchAugmenter? augmenter = null)
    {
        options.Validate();
        _options = options;
        _augmenter = augmenter;
    }

    public TrainingResult Train(PaperCnn model, TrainingData data, TrainingHooks? hooks = null, CancellationToken cancellation = default)
    {
        hooks ??= new TrainingHooks();
        if (_options.EarlyStoppingPatience is not null && data.Validation is null)
            throw new ArgumentException("Early stopping needs a validation split; build the problem data with one.", nameof(data));
        if (data.Train.Count < 2)
            throw new ArgumentException($"The training split has {data.Train.Count} images; at least 2 are needed.", nameof(data));

        // Everything this training creates (optimizer state, gradient wrappers, saved best weights) is
        // released when it returns; the model's own parameters are not scope-owned and stay.
        using var trainingScope = NewDisposeScope();
        // One span per training; each epoch is an event on it (a 200-epoch training stays one readable span).
        using var span = Telemetry.PipelineDiagnostics.Source.StartActivity("training");
        span?.SetTag("training.epochs", _options.Epochs);
        span?.SetTag("training.seed", _options.Seed);
        var device = data.Train.Device;
        if (model.parameters().FirstOrDefault()?.device is { } modelDevice && modelDevice.ToString() != device.ToString())
            throw new ArgumentException($"The network is on {modelDevice} but the training data is on {device}; move the network with model.to(device) first.", nameof(model));
        // Disposed on every way out (a cancellation or a failed epoch included): the optimizer, and the best weights'
        // in-memory copies, which are detached from the training's scope because they outlive the epoch that made them.
        using var optimizer = TrainingOptimizer.Create(model, _options);
        using var best = new WeightCopies();
        var state = Resume(model, optimizer, hooks.CheckpointDirectory) ?? TrainingProgressState.Fresh();

        for (int epoch = state.CompletedEpochs + 1; epoch <= _options.Epochs && !state.Stopped; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var report = RunEpoch(model, optimizer, data, epoch, hooks);
            state.History.Add(report);
            RecordEpoch(span, report);
            state = state with { CompletedEpochs = epoch };

            if (_options.EarlyStoppingPatience is { } patience)
            {
                var monitor = _options.Monitor;
                double bestScore = state.BestEpoch is { } bestSoFar ? ImprovementRule.Score(monitor, state.History[bestSoFar - 1]) : ImprovementRule.Initial(monitor);
                if (ImprovementRule.Improves(monitor, ImprovementRule.Score(monitor, report), bestScore))
                {
                    state = state with { BestEpoch = epoch, EpochsWithoutImprovement = 0 };
                    if (_options.RestoreBestWeights) SaveBest(model, hooks.CheckpointDirectory, epoch, best);
                }
                else
                {
                    state = state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
                    if (state.EpochsWithoutImprovement >= patience) state = state with { Stopped = true };
                }
            }

            hooks.EpochCompleted?.Invoke(report, model);
            SaveProgress(model, optimizer, state, hooks.CheckpointDirectory);
        }

        double finalTestAccuracy = state.History.Count > 0 ? state.History[^1].TestAccuracy : double.NaN;
        if (_options.EarlyStoppingPatience is not null && _options.RestoreBestWeights && state.BestEpoch is { } bestEpoch
            && bestEpoch != state.CompletedEpochs)
        {
            RestoreBest(model, hooks.CheckpointDirectory, bestEpoch, best);
            finalTestAccuracy = state.History[bestEpoch - 1].TestAccuracy;
        }
        return new TrainingResult(state.History, state.Stopped, state.BestEpoch) { FinalTestAccuracy = finalTestAccuracy };
    }

    private static void RecordEpoch(Activity? span, EpochReport report)
    {
        Telemetry.PipelineDiagnostics.EpochsCompleted.Add(1);
        Telemetry.PipelineDiagnostics.ImagesPerSecond.Record(report.ImagesPerSecond);
        span?.AddEvent(new ActivityEvent("epoch", tags: new ActivityTagsCollection
        {
            ["epoch"] = report.Epoch,
            ["train.loss"] = report.TrainLoss,
            ["test.accuracy"] = report.TestAccuracy,
            ["images_per_second"] = report.ImagesPerSecond,
        }));
        span?.SetTag("training.epochs_run", report.Epoch);
        span?.SetTag("test.accuracy", report.TestAccuracy);
    }

    private EpochReport RunEpoch(PaperCnn model, OptimizerHelper optimizer, TrainingData data, int epoch, TrainingHooks hooks)
    {
        var clock = Stopwatch.StartNew();
        double trainLoss, trainAccuracy;
        long seen;
        using (var pass = new TrainingEpoch(model, optimizer, _options, _augmenter, hooks, data.Train, epoch))
        {
            while (pass.RunNextBatch()) { }
            (trainLoss, trainAccuracy) = pass.Totals();
            seen = pass.ImagesSeen;
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;

        (double Loss, double Accuracy)? validation = data.Validation is null ? null : Evaluation.Evaluate(model, data.Validation, _options.EvaluationBatchSize);
        var test = Evaluation.Evaluate(model, data.Test, _options.EvaluationBatchSize);
        return new EpochReport(epoch, trainLoss, trainAccuracy, validation?.Loss, validation?.Accuracy, test.Loss, test.Accuracy,
            seen / Math.Max(trainSeconds, 1e-9), clock.Elapsed);
    }

    private static TrainingProgressState? Resume(PaperCnn model, OptimizerHelper optimizer, string? directory)
    {
        if (directory is null) return null;
        var state = TrainingProgressState.TryLoad(directory);
        if (state is null || state.CompletedEpochs == 0) return null;
        ModelCheckpoint.Load(model, TrainingProgressState.ModelFile(directory, state.CompletedEpochs));
        optimizer.load_state_dict(TrainingProgressState.OptimizerFile(directory, state.CompletedEpochs));
        return state;
    }

    private static void SaveProgress(PaperCnn model, OptimizerHelper optimizer, TrainingProgressState state, string? directory)
    {
        if (directory is null) return;
        int epoch = state.CompletedEpochs;
        ModelCheckpoint.Save(model, TrainingProgressState.ModelFile(directory, epoch));
        AtomicFile.Write(TrainingProgressState.OptimizerFile(directory, epoch), optimizer.save_state_dict);
        state.Save(directory); // the commit point: files of this epoch are complete before it names them
        // Named patterns: a wildcard "*-epoch*.pt" would also match best-at-epoch….pt and delete the best weights.
        foreach (var old in Directory.EnumerateFiles(directory, "model-epoch*.pt").Concat(Directory.EnumerateFiles(directory, "optimizer-epoch*.pt")))
        {
            if (old != TrainingProgressState.ModelFile(directory, epoch) && old != TrainingProgressState.OptimizerFile(directory, epoch))
                File.Delete(old);
        }
        foreach (var old in Directory.EnumerateFiles(directory, "best-at-epoch*.pt"))
            if (state.BestEpoch is not { } bestEpoch || old != TrainingProgressState.BestModelFile(directory, bestEpoch))
                File.Delete(old);
    }

    /// <summary>Keeps the best weights: as a file when checkpointing (so a resumed run still has them), else as copies in memory.</summary>
    private static void SaveBest(PaperCnn model, string? directory, int epoch, WeightCopies inMemory)
    {
        if (directory is not null)
        {
            ModelCheckpoint.Save(model, TrainingProgressState.BestModelFile(directory, epoch));
            return;
        }
        inMemory.Take(model);
    }

    private static void RestoreBest(PaperCnn model, string? directory, int epoch, WeightCopies inMemory)
    {
        if (directory is not null)
        {
            ModelCheckpoint.Load(model, TrainingProgressState.BestModelFile(directory, epoch));
            return;
        }
        inMemory.CopyInto(model);
    }
}
