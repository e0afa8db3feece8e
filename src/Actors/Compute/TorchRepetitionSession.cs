using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using static TorchSharp.torch;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// One repetition on one device: the splits, the dense network (for probing) and the network being pruned,
/// driven through <see cref="ImpRepetitionJob"/>, whose folder makes every iteration resumable.
/// </summary>
internal sealed class TorchRepetitionSession : IRepetitionSession
{
    private readonly ProblemPlan _plan;
    private readonly DeviceSplits _splits;
    private readonly PaperCnn _dense;
    private readonly PaperCnn _pruned;
    private readonly ImpRepetitionJob _job;
    private readonly ImpSettings _settings;
    private readonly DenseTrainingResult _denseResult;
    private int _loadedIteration = -1;

    public TorchRepetitionSession(ProblemPlan plan, ProblemData problem, DenseOutcome dense, int repetition, string folder, Device device)
    {
        _plan = plan;
        var denseFolder = Path.GetDirectoryName(dense.FinalWeightsPath)!;
        _denseResult = new DenseTrainingJob(denseFolder).TryLoadResult()
                       ?? throw new InvalidOperationException($"The dense training in {denseFolder} is not finished (no {DenseTrainingJob.SummaryFile}); it must be before repetitions start.");
        _splits = DeviceSplits.Create(problem, device);
        _dense = TorchExperimentCompute.NewNetwork(plan, device);
        ModelCheckpoint.Load(_dense, dense.FinalWeightsPath);
        _pruned = TorchExperimentCompute.NewNetwork(plan, device);
        _job = new ImpRepetitionJob(folder);
        _settings = new ImpSettings
        {
            Iterations = plan.Iterations,
            PruningOptions = new PruningOptions { ConvRate = plan.ConvRate, FcRate = plan.FcRate },
            TrainingOptions = TorchExperimentCompute.DenseOptions(plan) with { Epochs = plan.ImpEpochs },
            Seed = (long)(SeedStreams.Derive(plan.Seed, "repetition", repetition) >> 1),
        };
        Layers = _dense.ProbePoints.Select((name, index) => new ProbeLayer(name, index)).ToList();
    }

    public IReadOnlyList<ProbeLayer> Layers { get; }

    public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var result = _job.RunIteration(iteration, _pruned, _splits.Training, _settings, _denseResult, _plan.Augment ? new BatchAugmentation() : null,
            report => progress?.Report(new TrainingProgress("training", report.Epoch, _plan.ImpEpochs, report.TestAccuracy, report.ImagesPerSecond)),
            cancellation);
        _loadedIteration = iteration;
        return new IterationOutcome(iteration, result.ConvSparsity, result.FcSparsity, result.OverallSparsity, result.TestAccuracy, result.EpochsTrained);
    }

    public void Probe(int iteration, Action<ProbeBatch> onBatch, CancellationToken cancellation)
    {
        if (_loadedIteration != iteration)
        {
            _job.LoadIteration(iteration, _pruned);
            _loadedIteration = iteration;
        }
        ActivationProbe.Run(_dense, _pruned, _splits.Probe, _plan.ProbeBatchSize, (index, count, pairs) =>
            onBatch(new ProbeBatch(index, count, pairs.Select(p => new LayerActivations(p.Layer, p.Dense, p.Pruned)).ToList())), cancellation);
    }

    public void Dispose()
    {
        _dense.Dispose();
        _pruned.Dispose();
        _splits.Dispose();
    }
}
