using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The seed noise floor of a problem (beyond the paper): how different is a layer of a network that was merely trained
/// again, from another seed? Baseline b trains the plan's dense network from <see cref="ProblemPlan.SeedBaselineSeed"/>
/// (its initial weights, data order, augmentation and dropout; the splits and the probe set are the plan's) in its own
/// folder beside the dense one (<see cref="DenseTrainingJob"/>: resumable, skipped when done), then runs the probe set
/// through the main dense network and it, every layer into a <see cref="LayerProbe"/>: the similarity engine the pruned
/// networks are measured with, no second implementation.
/// </summary>
public static class SeedBaselineRun
{
    /// <summary>Baseline b's folder beside the dense network's: &lt;problem&gt;/seed-baseline-01.</summary>
    public static string Folder(string denseFolder, int baseline) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(denseFolder).TrimEnd(Path.DirectorySeparatorChar))!, $"seed-baseline-{baseline:D2}");

    public static SeedBaselineResult Run(ProblemPlan plan, ProblemData data, Device device, string denseFolder, int baseline,
        Action<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        if (baseline < 1 || baseline > plan.SeedBaseline)
            throw new ArgumentOutOfRangeException(nameof(baseline), baseline, $"{plan.Problem} has seed baselines 1..{plan.SeedBaseline}.");
        using var settings = plan.Compute().Use();
        var main = DenseRun.Load(denseFolder);
        long seed = plan.SeedBaselineSeed(baseline);
        using var splits = DeviceSplits.Create(data, device);
        using var other = plan.NewNetwork();
        other.to(device);
        using (var generator = new Generator(SeedStreams.Derive(seed, "init"), device)) other.Initialize(generator);
        var trained = new DenseTrainingJob(Folder(denseFolder, baseline)).Run(other, splits.Training, plan.DenseTraining() with { Seed = seed }, plan.RewindEpoch,
            plan.Augment ? new BatchAugmentation() : null, progress, cancellation);

        using var dense = plan.NewNetwork();
        dense.to(device);
        ModelCheckpoint.Load(dense, main.FinalWeightsPath);
        var layers = dense.ProbePoints.Select((name, index) => new ProbeLayer(name, index)).ToList();
        var probes = layers.ToDictionary(l => l.Name, l => new LayerProbe(l, compute: plan.Compute()));
        try
        {
            int batches = ActivationProbe.BatchCount(splits.Probe, plan.ProbeBatchSize);
            for (int index = 0; index < batches; index++)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = ActivationProbe.Batch(dense, other, splits.Probe, plan.ProbeBatchSize, index);
                try
                {
                    foreach (var pair in batch) probes[pair.Layer].Add(pair.Dense, pair.Pruned);
                }
                finally
                {
                    foreach (var pair in batch) pair.Dispose();
                }
            }
            var options = plan.Similarity();
            return new SeedBaselineResult(baseline, seed, trained.EpochsRun, trained.FinalTestAccuracy, layers.Select(l => probes[l.Name].Finish(options)).ToList());
        }
        finally
        {
            foreach (var probe in probes.Values) probe.Dispose();
        }
    }
}
