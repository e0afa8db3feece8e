using System.Diagnostics;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>One row of the training-throughput benchmark.</summary>
public sealed record ThroughputResult(string Architecture, long Parameters, int BatchSize, int Batches, double ImagesPerSecond, double MillisecondsPerBatch);

/// <summary>
/// Measures training throughput (forward, backward, Adam step, augmentation) of an architecture on
/// device-resident synthetic images, after warm-up batches that are not timed. The PyTorch twin of this
/// loop is bench/pytorch_reference.py (same model, augmentation, optimizer, data layout, output table).
/// </summary>
public static class ThroughputBenchmark
{
    public static ThroughputResult Measure(string name, ArchitectureSpec spec, int classCount, Device device,
        IBatchAugmenter? augmenter, int batchSize = 128, int batches = 20, int warmup = 3, GpuPerformance? performance = null)
    {
        performance ??= GpuPerformance.Default;
        performance.Apply(device);
        using var scope = NewDisposeScope();
        var random = new Random(1);
        var pixels = new byte[batchSize * 4 * LabeledImages.BytesPerImage];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, batchSize * 4).Select(i => (byte)(i % classCount)).ToArray();
        using var data = new DeviceDataset(new LabeledImages(pixels, labels, classCount), device);
        using var model = new PaperCnn(spec, classCount);
        model.to(device);
        using var generator = new Generator(1, device);
        model.Initialize(generator);
        model.UseDropoutGenerator(generator);
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 5e-4);

        void Step(int i)
        {
            using var batchScope = NewDisposeScope();
            var indices = arange(i % 4 * batchSize, (i % 4 + 1) * batchSize, dtype: ScalarType.Int64, device: device);
            var images = data.NormalizedImages(indices);
            if (augmenter is not null) images = augmenter.Augment(images, generator);
            images = performance.Prepare(images);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(images), data.LabelsAt(indices));
            loss.backward();
            optimizer.step();
        }

        for (int i = 0; i < warmup; i++) Step(i);
        Synchronize(device);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) Step(i);
        Synchronize(device);
        var seconds = clock.Elapsed.TotalSeconds;
        long parameters = model.parameters().Sum(p => p.numel());
        return new ThroughputResult(name, parameters, batchSize, batches, batchSize * batches / seconds, seconds * 1000 / batches);
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}
