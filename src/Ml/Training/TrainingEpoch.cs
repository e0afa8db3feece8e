using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// One epoch of training steps over a device-resident training split: the seeded order, augmentation and dropout
/// streams of the epoch, and <see cref="RunNextBatch"/>, the one training step (gather, normalize, augment, forward,
/// loss, backward, hooks, clipping, optimizer step, the epoch's running loss and accuracy). <see cref="Trainer"/>
/// runs it to the end; `bench` times it batch by batch, so the benchmark measures the step training runs.
/// Per-batch figures stay on the device; <see cref="Totals"/> reads them back once.
/// </summary>
public sealed class TrainingEpoch : IDisposable
{
    private readonly PaperCnn _model;
    private readonly OptimizerHelper _optimizer;
    private readonly TrainingOptions _options;
    private readonly IBatchAugmenter? _augmenter;
    private readonly TrainingHooks _hooks;
    private readonly GpuPerformance _performance;
    private readonly DeviceDataset _train;
    private readonly Generator _orderGenerator;
    private readonly Generator _augmentGenerator;
    private readonly Generator _dropoutGenerator;
    private readonly Tensor _order;
    private readonly Tensor _lossSum;
    private readonly Tensor _correct;
    private long _nextStart;
    private bool _disposed;

    public TrainingEpoch(PaperCnn model, OptimizerHelper optimizer, TrainingOptions options, IBatchAugmenter? augmenter,
        TrainingHooks hooks, DeviceDataset train, int epoch, GpuPerformance? performance = null)
    {
        if (train.Count < 2) throw new ArgumentException($"The training split has {train.Count} images; at least 2 are needed.", nameof(train));
        _model = model;
        _optimizer = optimizer;
        _options = options;
        _augmenter = options.Augment ? augmenter : null;
        _hooks = hooks;
        _performance = performance ?? GpuPerformance.Default;
        _train = train;
        var device = train.Device;
        // Each epoch has its own streams, so a training resumed at epoch k draws what an uninterrupted one would.
        _orderGenerator = new Generator(SeedStreams.Derive(options.Seed, "order", epoch), device);
        _augmentGenerator = new Generator(SeedStreams.Derive(options.Seed, "augment", epoch), device);
        _dropoutGenerator = new Generator(SeedStreams.Derive(options.Seed, "dropout", epoch), device);
        model.UseDropoutGenerator(_dropoutGenerator);
        model.train();
        // Held across calls, so kept out of the caller's dispose scopes and released in Dispose.
        _order = randperm(train.Count, generator: _orderGenerator, device: device).DetachFromDisposeScope();
        _lossSum = zeros(1, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        _correct = zeros(1, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
    }

    /// <summary>Images trained on so far in this epoch.</summary>
    public long ImagesSeen { get; private set; }

    /// <summary>Images in the batch <see cref="RunNextBatch"/> trains next; 0 when the epoch is over.</summary>
    public long NextBatchSize
    {
        get
        {
            long length = Math.Min(_options.BatchSize, _train.Count - _nextStart);
            return length < 2 ? 0 : length; // batch norm cannot train on a single image; it is seen next epoch
        }
    }

    /// <summary>Trains one mini-batch; false (and nothing done) when the epoch is over.</summary>
    public bool RunNextBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long length = NextBatchSize;
        if (length == 0) return false;
        using var batchScope = NewDisposeScope();
        var indices = _order.narrow(0, _nextStart, length);
        var images = _train.NormalizedImages(indices);
        if (_augmenter is not null) images = _augmenter.Augment(images, _augmentGenerator);
        images = _performance.Prepare(images);
        var labels = _train.LabelsAt(indices);

        _optimizer.zero_grad();
        var logits = _model.call(images);
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        _hooks.AfterBackward?.Invoke(_model);
        if (_options.GradientClipNorm is { } clipNorm) GradientClipping.ClipTotalNorm(_model.parameters(), clipNorm);
        _optimizer.step();
        _hooks.AfterOptimizerStep?.Invoke(_model);

        using (no_grad())
        {
            _lossSum.add_(loss.detach().to(ScalarType.Float64).mul(length));
            _correct.add_(logits.argmax(1).eq(labels).sum());
        }
        _nextStart += length;
        ImagesSeen += length;
        return true;
    }

    /// <summary>Mean training loss and accuracy of the batches run so far (reads two numbers back from the device).</summary>
    public (double Loss, double Accuracy) Totals()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ImagesSeen == 0) throw new InvalidOperationException("No batch of this epoch has been trained yet.");
        return (_lossSum.item<double>() / ImagesSeen, (double)_correct.item<long>() / ImagesSeen);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _model.UseDropoutGenerator(null);
        _order.Dispose();
        _lossSum.Dispose();
        _correct.Dispose();
        _orderGenerator.Dispose();
        _augmentGenerator.Dispose();
        _dropoutGenerator.Dispose();
    }
}
