using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Experiments;

/// <summary>
/// A seed baseline: a dense network trained from another seed beside the main one, measured by the similarity engine
/// exactly as an independent probe of the two saved networks through <see cref="LayerMeasurement"/> gives.
/// </summary>
public sealed class SeedBaselineRunTests
{
    [Fact]
    public void A_baseline_is_another_network_on_the_same_data_measured_as_the_engine_measures_the_two_saved_networks()
    {
        using var temp = new TempDirectory();
        var plan = TinySweeps.Problem("cifar2", repetitions: 1, iterations: 1) with { BatchSize = 32, TrainLimit = 120, TestLimit = 40, ProbeSize = 48, ProbeBatchSize = 16, SeedBaseline = 2 };
        var data = plan.Data(TinySweeps.Dataset);
        var denseFolder = temp.File("cifar2/dense");
        var dense = DenseRun.Train(plan, data, CPU, denseFolder);

        var baseline = SeedBaselineRun.Run(plan, data, CPU, denseFolder, 2);

        Assert.Equal((2, plan.SeedBaselineSeed(2)), (baseline.Baseline, baseline.Seed));
        Assert.NotEqual(plan.SeedBaselineSeed(1), plan.SeedBaselineSeed(2));
        var folder = SeedBaselineRun.Folder(denseFolder, 2);
        Assert.Equal(temp.File("cifar2/seed-baseline-02"), folder);
        var trained = new DenseTrainingJob(folder).TryLoadResult()!;
        Assert.Equal((trained.EpochsRun, trained.FinalTestAccuracy), (baseline.Epochs, baseline.TestAccuracy));

        // independently: both saved networks loaded afresh, the probe set through them, each layer into the engine
        using var splits = DeviceSplits.Create(data, CPU);
        using var main = plan.NewNetwork();
        using var other = plan.NewNetwork();
        ModelCheckpoint.Load(main, dense.FinalWeightsPath);
        ModelCheckpoint.Load(other, trained.FinalWeightsPath);
        Assert.False(main.parameters().Zip(other.parameters()).All(p => p.Item1.allclose(p.Item2, 0, 0)), "the baseline has the main network's weights");
        var expected = main.ProbePoints.ToDictionary(l => l, l => new LayerMeasurement(l));
        for (int index = 0; index < ActivationProbe.BatchCount(splits.Probe, plan.ProbeBatchSize); index++)
            foreach (var pair in ActivationProbe.Batch(main, other, splits.Probe, plan.ProbeBatchSize, index))
                using (pair) expected[pair.Layer].Add(pair.Dense, pair.Pruned);
        Assert.Equal(main.ProbePoints, baseline.Layers.Select(l => l.Layer));
        foreach (var layer in baseline.Layers)
        {
            Assert.Equal(expected[layer.Layer].Finish(plan.Similarity()).Values(), layer.Values);
            Assert.All(layer.Values.Values, v => Assert.InRange(v, 0, 1.000001));
            expected[layer.Layer].Dispose();
        }

        // done: run again, it is loaded, not retrained, and measures the same
        var again = SeedBaselineRun.Run(plan, data, CPU, denseFolder, 2);
        Assert.Equal(baseline.Layers.Select(l => l.Values), again.Layers.Select(l => l.Values));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedBaselineRun.Run(plan, data, CPU, denseFolder, 3));
    }
}
