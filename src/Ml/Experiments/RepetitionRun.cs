using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The repetition stage of the recipe on one device: IMP iteration k trained (<see cref="TrainIteration"/>),
/// then measured against the dense network on the probe set (<see cref="ProbeBatch"/> batch by batch, for the
/// similarity actors, or <see cref="MeasureIteration"/> in-process). Every iteration lives in the repetition's
/// folder (<see cref="ImpRepetitionJob"/>), so it resumes and skips what is done. The sweep's workers, `imp` and
/// `imp --sweep` all run it; on the CPU they give bit-identical rows. Not thread-safe: one caller at a time
/// (successive calls may come from different threads).
/// </summary>
public sealed class RepetitionRun : IDisposable
{
    private readonly ProblemPlan _plan;
    private readonly DeviceSplits _splits;
    private readonly PaperCnn _dense;
    private readonly PaperCnn _pruned;
    private readonly ImpRepetitionJob _job;
    private readonly ImpSettings _settings;
    private readonly DenseTrainingResult _denseResult;
    private readonly ComputeSettings _compute;
    private readonly IDisposable _computeLease;
    private int _loadedIteration = -1;

    public RepetitionRun(ProblemPlan plan, ProblemData data, string denseFolder, int repetition, string folder, Device device)
    {
        _plan = plan;
        _compute = plan.Compute();
        // Held for the run's life (its determinism); the threads are applied again by each call, on the thread that makes it.
        _computeLease = _compute.Use();
        Repetition = repetition;
        try
        {
            _denseResult = DenseRun.Load(denseFolder);
            _settings = plan.Imp(repetition);
            _job = new ImpRepetitionJob(folder);
            _splits = DeviceSplits.Create(data, device);
        }
        catch
        {
            _computeLease.Dispose();
            throw;
        }
        try
        {
            _dense = plan.NewNetwork();
            _dense.to(device);
            ModelCheckpoint.Load(_dense, _denseResult.FinalWeightsPath);
            _pruned = plan.NewNetwork();
            _pruned.to(device);
        }
        catch
        {
            Dispose();
            throw;
        }
        Layers = _dense.ProbePoints.Select((name, index) => new ProbeLayer(name, index)).ToList();
        ProbeBatches = ActivationProbe.BatchCount(_splits.Probe, plan.ProbeBatchSize);
    }

    public int Repetition { get; }

    public DenseTrainingResult Dense => _denseResult;

    /// <summary>The layers compared with the dense network, in network order.</summary>
    public IReadOnlyList<ProbeLayer> Layers { get; }

    public int ProbeBatches { get; }

    /// <summary>Sparsity of the unpruned network under this plan's pruning groups (iteration 0).</summary>
    public SparsityReport DenseSparsity()
    {
        using var all = MaskSet.Dense(_dense, _settings.PruningOptions);
        return all.Sparsity();
    }

    /// <summary>Runs (or resumes, or loads the finished) IMP iteration; afterwards the run holds its weights.</summary>
    public ImpIterationResult TrainIteration(int iteration, Action<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        _compute.ApplyThreadsHere();
        var result = _job.RunIteration(iteration, _pruned, _splits.Training, _settings, _denseResult,
            _plan.Augment ? new BatchAugmentation() : null, progress, cancellation);
        _loadedIteration = iteration;
        return result;
    }

    /// <summary>Probe batch <paramref name="index"/> through the dense network and iteration <paramref name="iteration"/>'s; the caller owns the tensors.</summary>
    public IReadOnlyList<ActivationProbe.LayerPair> ProbeBatch(int iteration, int index)
    {
        _compute.ApplyThreadsHere();
        if (_loadedIteration != iteration)
        {
            _job.LoadIteration(iteration, _pruned);
            _loadedIteration = iteration;
        }
        return ActivationProbe.Batch(_dense, _pruned, _splits.Probe, _plan.ProbeBatchSize, index);
    }

    /// <summary>Every layer's metrics at iteration <paramref name="iteration"/>, computed here batch by batch as the similarity actors do.</summary>
    public IReadOnlyList<LayerSimilarity> MeasureIteration(int iteration, Action<int, int>? batchDone = null, CancellationToken cancellation = default)
    {
        var id = _plan.IntrinsicDimensions();
        var targets = id.For(Repetition, iteration);
        var measurements = Layers.ToDictionary(l => l.Name, l => new LayerProbe(l, targets, id.Points, _compute));
        try
        {
            for (int index = 0; index < ProbeBatches; index++)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = ProbeBatch(iteration, index);
                try
                {
                    foreach (var pair in batch) measurements[pair.Layer].Add(pair.Dense, pair.Pruned);
                }
                finally
                {
                    foreach (var pair in batch) pair.Dispose();
                }
                batchDone?.Invoke(index + 1, ProbeBatches);
            }
            var options = _plan.Similarity();
            return Layers.Select(layer => measurements[layer.Name].Finish(options, id.Options)).ToList();
        }
        finally
        {
            foreach (var measurement in measurements.Values) measurement.Dispose();
        }
    }

    public void Dispose()
    {
        _dense?.Dispose();
        _pruned?.Dispose();
        _splits?.Dispose();
        _computeLease?.Dispose();
    }
}
