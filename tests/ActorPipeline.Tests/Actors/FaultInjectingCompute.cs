using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// The real compute with failures injected at chosen calls: <c>fault(problem, repetition, iteration, call)</c>
/// returns the exception to throw (repetition -1 and iteration 0 for the dense training; call counts from 1
/// per (problem, repetition, iteration)). Everything else runs for real.
/// </summary>
internal sealed class FaultInjectingCompute(IExperimentCompute inner, Func<string, int, int, int, Exception?> fault) : IExperimentCompute
{
    private readonly ConcurrentDictionary<(string, int, int), int> _calls = new();

    public int Calls(string problem, int repetition, int iteration) => _calls.GetValueOrDefault((problem, repetition, iteration));

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        Inject(plan.Problem, -1, 0);
        return inner.TrainDense(plan, folder, device, progress, cancellation);
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device) =>
        new Session(this, plan.Problem, repetition, inner.OpenRepetition(plan, denseFolder, repetition, folder, device));

    private void Inject(string problem, int repetition, int iteration)
    {
        int call = _calls.AddOrUpdate((problem, repetition, iteration), 1, (_, n) => n + 1);
        if (fault(problem, repetition, iteration, call) is { } error) throw error;
    }

    private sealed class Session(FaultInjectingCompute owner, string problem, int repetition, IRepetitionSession inner) : IRepetitionSession
    {
        public IReadOnlyList<ProbeLayer> Layers => inner.Layers;

        public int ProbeBatches => inner.ProbeBatches;

        public IterationOutcome TrainIteration(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
        {
            owner.Inject(problem, repetition, iteration);
            return inner.TrainIteration(iteration, progress, cancellation);
        }

        public IReadOnlyList<LayerActivations> Probe(int iteration, int index) => inner.Probe(iteration, index);

        public void Dispose() => inner.Dispose();
    }
}
