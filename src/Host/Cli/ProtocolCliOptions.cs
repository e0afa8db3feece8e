using System.CommandLine;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Cli;

/// <summary>
/// The protocol choices the paper leaves open, as command-line overrides of a <see cref="SweepConfig"/> (the same
/// keys as the config file): `sweep` and `train` take them, and both resolve them through <see cref="SweepPlanner"/>.
/// </summary>
internal sealed class ProtocolCliOptions
{
    private readonly Option<double?> _learningRate = new("--learning-rate") { Description = $"Adam's learning rate (default {PaperProtocol.LearningRate}, the paper's)." };
    private readonly Option<double?> _weightDecay = new("--weight-decay") { Description = $"Adam's weight decay (default {PaperProtocol.WeightDecay}, the paper's)." };
    private readonly Option<double?> _dropout = new("--dropout") { Description = $"Dropout of the § fc layers (default {PaperProtocol.DropoutRate}, the paper's)." };
    private readonly Option<double?> _gradClipNorm = new("--grad-clip-norm") { Description = "Clip the total gradient norm at this value (default: no clipping; the authors' later code uses 1)." };
    private readonly Option<string?> _fcInput = new("--fc-input") { Description = "How the last conv block feeds fc1: flatten (default, the VGG reading) or gap (global average pooling, the authors' later code)." };
    private readonly Option<string?> _monitor = new("--early-stopping-monitor") { Description = "What early stopping watches: val_loss (default) or val_accuracy." };
    private readonly Option<bool> _noRestoreBest = new("--no-restore-best") { Description = "With early stopping, keep the last epoch's weights instead of the best epoch's." };
    private readonly Option<string?> _rewind = new("--rewind") { Description = "What each IMP iteration rewinds: weights (default, the paper's late rewinding) or learning_rate (keep the trained weights, restart the learning rate; the authors' later code)." };
    private readonly Option<int?> _batchSize = new("--batch-size") { Description = $"Mini-batch size (default {PaperProtocol.BatchSize})." };
    private readonly Option<bool> _noAugment = new("--no-augment") { Description = "Train without augmentation." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _learningRate, _weightDecay, _dropout, _gradClipNorm, _fcInput, _monitor, _noRestoreBest, _rewind, _batchSize, _noAugment })
            command.Options.Add(option);
    }

    public void ApplyTo(ParseResult parse, SweepConfig config)
    {
        if (parse.GetValue(_learningRate) is { } lr) config.LearningRate = lr;
        if (parse.GetValue(_weightDecay) is { } wd) config.WeightDecay = wd;
        if (parse.GetValue(_dropout) is { } dropout) config.Dropout = dropout;
        if (parse.GetValue(_gradClipNorm) is { } clip) config.GradClipNorm = clip;
        if (parse.GetValue(_fcInput) is { } fcInput) config.FcInput = fcInput;
        if (parse.GetValue(_monitor) is { } monitor) config.EarlyStoppingMonitor = monitor;
        if (parse.GetValue(_noRestoreBest)) config.RestoreBestWeights = false;
        if (parse.GetValue(_rewind) is { } rewind) config.Rewind = rewind;
        if (parse.GetValue(_batchSize) is { } batch) config.BatchSize = batch;
        if (parse.GetValue(_noAugment)) config.Augment = false;
    }
}
