using System.Collections.Concurrent;
using System.Diagnostics;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Ml.Memory;
using Akka.Actor;

namespace ActorPipeline.Actors.Bench;

/// <summary>
/// Takes a <see cref="MemorySnapshot"/> each time the sweep records a step (any problem), so memory can be read
/// per step rather than per second: a flat process is flat over steps, whatever each step costs in time.
/// </summary>
public sealed class MemorySampler : ReceiveActor
{
    private readonly Dictionary<string, int> _stepsPerProblem = new();
    private int _steps;

    public MemorySampler(ConcurrentQueue<MemorySample> samples, Stopwatch clock)
    {
        Receive<ProblemProgress>(progress =>
        {
            int before = _stepsPerProblem.GetValueOrDefault(progress.Problem);
            if (progress.StepsDone <= before) return;
            _steps += progress.StepsDone - before;
            _stepsPerProblem[progress.Problem] = progress.StepsDone;
            samples.Enqueue(new MemorySample(_steps, clock.Elapsed, MemorySnapshot.Take()));
        });
    }

    public static Props Props(ConcurrentQueue<MemorySample> samples, Stopwatch clock) =>
        Akka.Actor.Props.Create(() => new MemorySampler(samples, clock));
}
