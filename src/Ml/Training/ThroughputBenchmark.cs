using System.Diagnostics;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// Training throughput as training sees it: the network is trained by <see cref="TrainingEpoch"/>, the step
/// <see cref="Trainer"/> runs (same optimizer, augmentation, seeded streams, epoch after epoch over the given split),
/// and every batch is timed from the first one on. <see cref="SteadyStateDetector"/> splits the times into warm-up and
/// steady state. Not timed: what `train` does between epochs (evaluation, checkpoints), which its img/s leaves out too.
/// The PyTorch twin of this loop is bench/pytorch_reference.py.
/// </summary>
public static class ThroughputBenchmark
{
    /// <param name="model">The network to train, initialised and on <paramref name="train"/>'s device; it is trained in place.</param>
    /// <param name="batchTimed">Called after every batch with its index (from 0), its images and its seconds.</param>
    public static ThroughputMeasurement Measure(string problem, PaperCnn model, DeviceDataset train, TrainingOptions options,
        IBatchAugmenter? augmenter, ThroughputBenchmarkOptions benchmark, GpuPerformance? performance = null,
        Action<int, long, double>? batchTimed = null)
    {
        options.Validate();
        benchmark.Validate();
        performance ??= GpuPerformance.Default;
        performance.Apply(train.Device);
        var device = train.Device;
        var seconds = new List<double>();
        var images = new List<long>();
        var costs = new List<double>(); // seconds per image: the last batch of an epoch is smaller
        int? settledAt = null;
        bool settled = false;
        var hooks = new TrainingHooks();
        var total = Stopwatch.StartNew();
        var before = CpuUsageSample.TryRead();

        using (var scope = NewDisposeScope())
        using (var optimizer = TrainingOptimizer.Create(model, options))
        {
            for (int epoch = 1; !settled && !OutOfBudget(); epoch++)
            {
                using var pass = new TrainingEpoch(model, optimizer, options, augmenter, hooks, train, epoch, performance);
                while (!settled && !OutOfBudget())
                {
                    long length = pass.NextBatchSize;
                    if (length == 0) break;
                    var clock = Stopwatch.StartNew();
                    pass.RunNextBatch();
                    ComputeDevices.Synchronize(device);
                    double elapsed = clock.Elapsed.TotalSeconds;
                    batchTimed?.Invoke(seconds.Count, length, elapsed);
                    seconds.Add(elapsed);
                    images.Add(length);
                    costs.Add(elapsed / length);
                    settledAt = SteadyStateDetector.SettlingIndex(costs, benchmark.Rule);
                    settled = settledAt is { } s && seconds.Count - s >= benchmark.SteadyBatches;
                }
            }
        }

        var after = CpuUsageSample.TryRead();
        // Not settled: the best guess of the steady state is the end of the series (or every batch after the first).
        int warmup = settledAt ?? (seconds.Count > 1 ? 1 : 0);
        long parameters = model.parameters().Sum(p => p.numel());
        return new ThroughputMeasurement(problem, parameters, options.BatchSize, seconds, images, warmup, settled,
            before is not null && after is not null ? CpuContention.Between(before, after) : null);

        bool OutOfBudget() => seconds.Count >= benchmark.MaxBatches || (benchmark.TimeLimit is { } limit && total.Elapsed >= limit);
    }
}
