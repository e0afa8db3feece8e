using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The training throughput of a problem's plan: its network, initialised from the plan's seed, trained on
/// <paramref name="train"/> with the plan's dense training options and augmentation by the step `train` runs. `bench`
/// and `sweep --dry-run` both measure through here.
/// </summary>
public static class PlanThroughput
{
    public static ThroughputMeasurement Measure(ProblemPlan plan, DeviceDataset train, ThroughputBenchmarkOptions benchmark,
        GpuPerformance? performance = null, Action<int, long, double>? batchTimed = null)
    {
        using var model = plan.NewNetwork();
        model.to(train.Device);
        using (var generator = new Generator(plan.InitializationSeed(), train.Device)) model.Initialize(generator);
        return ThroughputBenchmark.Measure(plan.Key, model, train, plan.DenseTraining(), plan.Augment ? new BatchAugmentation() : null,
            benchmark, performance, batchTimed);
    }
}
