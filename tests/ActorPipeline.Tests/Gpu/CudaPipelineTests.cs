using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Similarity;
using ActorPipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Gpu;

/// <summary>
/// The pipeline's compute on CUDA, compared with the CPU. Skipped (not failed) without a CUDA device.
/// Run with <c>dotnet test --filter Category=Gpu</c> on a GPU machine (tools/device/run-gpu-checks.sh).
/// </summary>
[Trait("Category", "Gpu")]
public sealed class CudaPipelineTests
{
    private static readonly Device Cuda = new(DeviceType.CUDA, 0);

    // No dropout (its masks come from a device generator, which draws differently on CUDA), batch norm kept.
    private static readonly ArchitectureSpec Small = ArchitectureSpec.Parse("8*, 8, MP, 16*, MP", "32*");

    [FactWhenCuda]
    public void Dataset_is_resident_on_cuda_and_normalizes_as_on_the_cpu()
    {
        using var scope = NewDisposeScope();
        var images = SyntheticImages.Make(64, 4, seed: 1);
        using var onCpu = new DeviceDataset(images, CPU);
        using var onCuda = new DeviceDataset(images, Cuda);
        Assert.Equal(DeviceType.CUDA, onCuda.Images.device.type);
        Assert.Equal(DeviceType.CUDA, onCuda.Labels.device.type);
        Assert.Equal(ScalarType.Byte, onCuda.Images.dtype);

        var indices = tensor(new long[] { 5, 0, 63, 17, 17 });
        var cpuBatch = onCpu.NormalizedImages(indices);
        var cudaBatch = onCuda.NormalizedImages(indices.to(Cuda));
        Assert.Equal(DeviceType.CUDA, cudaBatch.device.type);
        Assert.True(cpuBatch.allclose(cudaBatch.cpu(), rtol: 1e-6, atol: 1e-6));
        Assert.True(onCpu.LabelsAt(indices).equal(onCuda.LabelsAt(indices.to(Cuda)).cpu()).all().item<bool>());
    }

    [FactWhenCuda]
    public void Augmentation_on_cuda_keeps_shape_and_range_and_with_a_cpu_generator_matches_the_cpu()
    {
        using var scope = NewDisposeScope();
        using var data = new DeviceDataset(SyntheticImages.Make(128, 2, seed: 2), Cuda);
        var batch = data.NormalizedImages(arange(128, dtype: ScalarType.Int64, device: Cuda));
        var augmentation = new BatchAugmentation();

        using var cudaGenerator = new Generator(7, Cuda);
        var augmented = augmentation.Apply(batch, cudaGenerator);
        Assert.Equal(batch.shape, augmented.shape);
        Assert.Equal(DeviceType.CUDA, augmented.device.type);
        Assert.True(augmented.isfinite().all().item<bool>());
        // bilinear resampling with zero fill stays inside [min(x, 0), max(x, 0)]
        double low = Math.Min(batch.min().item<float>(), 0), high = Math.Max(batch.max().item<float>(), 0);
        Assert.True(augmented.min().item<float>() >= low - 1e-5 && augmented.max().item<float>() <= high + 1e-5);
        Assert.False(augmented.equal(batch).all().item<bool>());
        using var again = new Generator(7, Cuda);
        Assert.True(augmented.equal(augmentation.Apply(batch, again)).all().item<bool>()); // same seed, same device: bit-identical

        // a CPU generator draws the same parameters whatever device the batch is on
        using var g1 = new Generator(11);
        using var g2 = new Generator(11);
        var onCuda = augmentation.Apply(batch, g1).cpu();
        var onCpu = augmentation.Apply(batch.cpu(), g2);
        Assert.True(onCpu.allclose(onCuda, rtol: 1e-4, atol: 1e-4), $"max difference {(onCpu - onCuda).abs().max().item<float>()}");
    }

    [FactWhenCuda]
    public void A_few_adam_steps_on_cuda_reach_the_cpu_losses()
    {
        GpuPerformance.Default.Apply(Cuda); // TF32 off: libtorch's cuDNN default is on, which would loosen the comparison
        var cpuLosses = AdamLosses(CPU);
        var cudaLosses = AdamLosses(Cuda);
        Assert.Equal(cpuLosses.Length, cudaLosses.Length);
        for (int i = 0; i < cpuLosses.Length; i++)
            Assert.True(Math.Abs(cpuLosses[i] - cudaLosses[i]) <= 1e-3 * Math.Max(1, Math.Abs(cpuLosses[i])),
                $"step {i}: cpu {cpuLosses[i]}, cuda {cudaLosses[i]}");
        Assert.True(cpuLosses[^1] < cpuLosses[0]);
    }

    private static double[] AdamLosses(Device device)
    {
        using var scope = NewDisposeScope();
        using var data = new DeviceDataset(SyntheticImages.Make(256, 4, seed: 3), device);
        using var model = new PaperCnn(Small, 4);
        using (var generator = new Generator(5)) model.Initialize(generator); // CPU generator: same initial weights
        model.to(device);
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 5e-4);
        var losses = new List<double>();
        for (int step = 0; step < 8; step++)
        {
            using var stepScope = NewDisposeScope();
            var indices = arange(step % 4 * 64, (step % 4 + 1) * 64, dtype: ScalarType.Int64, device: device);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(data.NormalizedImages(indices)), data.LabelsAt(indices));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return losses.ToArray();
    }

    [FactWhenCuda]
    public void The_trainer_learns_on_cuda()
    {
        using var train = new DeviceDataset(SyntheticImages.Make(192, 2, seed: 1), Cuda);
        using var test = new DeviceDataset(SyntheticImages.Make(128, 2, seed: 3), Cuda);
        using var model = new PaperCnn(ArchitectureSpec.Parse("8*, 8, MP", "16§"), 2);
        using (var generator = new Generator(5)) model.Initialize(generator);
        model.to(Cuda);
        var result = new Trainer(new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 11 }, new BatchAugmentation())
            .Train(model, new TrainingData(train, null, test));
        Assert.True(result.Last.TestAccuracy > 0.9, $"test accuracy {result.Last.TestAccuracy}");
    }

    [FactWhenCuda]
    public void Covariance_accumulated_on_cuda_equals_the_cpu()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        var a = randn(new long[] { 40, 6, 4, 4 }, generator: generator).mul(3).add(2);  // conv-like: 640 datapoints of 6 channels
        var b = randn(new long[] { 40, 5, 4, 4 }, generator: generator).relu();
        using var onCpu = new CovarianceAccumulator(6, 5, CPU);
        using var onCuda = new CovarianceAccumulator(6, 5, Cuda);
        for (int start = 0; start < 40; start += 8)
        {
            onCpu.Add(a.narrow(0, start, 8), b.narrow(0, start, 8));
            onCuda.Add(a.narrow(0, start, 8).to(Cuda), b.narrow(0, start, 8).to(Cuda));
        }
        CovarianceAccumulatorTests.AssertRelativelyEqual(onCpu.ToCovariance(), onCuda.ToCovariance(), 1e-9);
    }

    [FactWhenCuda]
    public void Pruned_weights_stay_zero_while_training_on_cuda()
    {
        using var train = new DeviceDataset(SyntheticImages.Make(128, 2, seed: 4), Cuda);
        using var test = new DeviceDataset(SyntheticImages.Make(64, 2, seed: 5), Cuda);
        using var model = new PaperCnn(ArchitectureSpec.Parse("8*, 8, MP", "16§"), 2);
        using (var generator = new Generator(5)) model.Initialize(generator);
        model.to(Cuda);
        var options = new PruningOptions { ConvRate = 0.3, FcRate = 0.5 };
        using var dense = MaskSet.Dense(model, options);
        using var mask = MagnitudePruner.Prune(model, dense, options);
        Assert.Equal(DeviceType.CUDA, mask.Alive(mask.Names[0]).device.type);
        mask.ApplyTo(model);
        new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 1 }, new BatchAugmentation())
            .Train(model, new TrainingData(train, null, test), new TrainingHooks { AfterOptimizerStep = mask.ApplyTo });

        using var scope = NewDisposeScope();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var name in mask.Names)
        {
            var pruned = mask.Alive(name).logical_not();
            Assert.True(pruned.any().item<bool>(), $"{name}: nothing pruned");
            Assert.Equal(0, parameters[name].masked_select(pruned).abs().sum().item<float>());
        }
        Assert.True(mask.Sparsity().Overall > 0); // report computed from cuda masks
    }

    [FactWhenCuda]
    public void Tf32_switches_follow_the_settings_on_cuda_and_channels_last_keeps_values()
    {
        using var scope = NewDisposeScope();
        new GpuPerformance(Tf32: true).Apply(Cuda);
        Assert.Equal((true, true), GpuPerformance.CurrentTf32());
        GpuPerformance.Default.Apply(Cuda);
        Assert.Equal((false, false), GpuPerformance.CurrentTf32());

        var batch = randn(new long[] { 4, 3, 8, 8 }, device: Cuda);
        var nhwc = new GpuPerformance(ChannelsLast: true).Prepare(batch);
        Assert.Equal(batch.shape, nhwc.shape);
        Assert.Equal(new long[] { 3 * 8 * 8, 1, 8 * 3, 3 }, nhwc.stride());
        Assert.True(batch.equal(nhwc).all().item<bool>());
    }
}
