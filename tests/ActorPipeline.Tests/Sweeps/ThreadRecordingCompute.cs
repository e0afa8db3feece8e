using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>The real compute, recording the name of the thread each call (dense training, opening, training, probing, disposing) ran on.</summary>
internal sealed class ThreadRecordingCompute(IExperimentCompute inner) : IExperimentCompute
{
    private readonly ConcurrentQueue<string> _threads = new();

    public IReadOnlyList<string> Threads => _threads.ToList();

    private void Record() => _threads.Enqueue(Thread.CurrentThread.Name ?? $"unnamed thread {Environment.CurrentManagedThreadId}");

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        Record();
        return inner.TrainDense(plan, folder, device, progress, cancellation);
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device)
    {
        Record();
        return new Session(this, inner.OpenRepetition(plan, denseFolder, repetition, folder, device));
    }

    private sealed class Session(ThreadRecordingCompute owner, IRepetitionSession inner) : IRepetitionSession
    {
        public IReadOnlyList<ProbeLayer> Layers => inner.Layers;

        public int ProbeBatches => inner.ProbeBatches;

        public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        {
            owner.Record();
            return inner.TrainIteration(iteration, progress, cancellation);
        }

        public IReadOnlyList<LayerActivations> Probe(int iteration, int index)
        {
            owner.Record();
            return inner.Probe(iteration, index);
        }

        public void Dispose()
        {
            owner.Record();
            inner.Dispose();
        }
    }
}
