using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Nodes;

/// <summary>Another compute (a <see cref="Actors.FakeCompute"/>), with the folders and devices each call was given recorded in order.</summary>
internal sealed class FolderRecordingCompute(IExperimentCompute inner) : IExperimentCompute
{
    private readonly ConcurrentQueue<(string Folder, string Device)> _dense = new();
    private readonly ConcurrentQueue<(string DenseFolder, string Folder, string Device)> _opened = new();

    /// <summary>The folder and device of every dense training, in order.</summary>
    public IReadOnlyList<(string Folder, string Device)> DenseTrainings => _dense.ToList();

    /// <summary>The dense folder, folder and device of every repetition opened, in order.</summary>
    public IReadOnlyList<(string DenseFolder, string Folder, string Device)> OpenedRepetitions => _opened.ToList();

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        _dense.Enqueue((folder, device));
        return inner.TrainDense(plan, folder, device, progress, cancellation);
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device)
    {
        _opened.Enqueue((denseFolder, folder, device));
        return inner.OpenRepetition(plan, denseFolder, repetition, folder, device);
    }
}
