using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Devices;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Devices;

/// <summary>Another compute (a <see cref="Actors.FakeCompute"/>) on a node one of whose devices is broken: every call on it is a device fault. Records the device of every call.</summary>
internal sealed class BrokenDeviceCompute(IExperimentCompute inner, string brokenDevice) : IExperimentCompute
{
    private readonly ConcurrentQueue<string> _devices = new();

    /// <summary>The device of every dense training and repetition opened, in order.</summary>
    public IReadOnlyList<string> Devices => _devices.ToList();

    public DenseOutcome TrainDense(ProblemPlan plan, string folder, string device, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        Use(device);
        return inner.TrainDense(plan, folder, device, progress, cancellation);
    }

    public IRepetitionSession OpenRepetition(ProblemPlan plan, string denseFolder, int repetition, string folder, string device)
    {
        Use(device);
        return inner.OpenRepetition(plan, denseFolder, repetition, folder, device);
    }

    private void Use(string device)
    {
        _devices.Enqueue(device);
        if (device == brokenDevice) throw new DeviceFaultException(device, "injected: the GPU fell off the bus");
    }
}
