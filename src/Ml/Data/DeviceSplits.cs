using static TorchSharp.torch;

namespace ActorPipeline.Ml.Data;

/// <summary>A problem's splits (train, validation, test, probe) copied to one device for the length of a training or a repetition.</summary>
public sealed class DeviceSplits : IDisposable
{
    private DeviceSplits(DeviceDataset train, DeviceDataset? validation, DeviceDataset test, DeviceDataset probe)
    {
        Training = new TrainingData(train, validation, test);
        Probe = probe;
    }

    public TrainingData Training { get; }
    public DeviceDataset Probe { get; }

    public static DeviceSplits Create(ProblemData problem, Device device) => new(
        new DeviceDataset(problem.Train, device),
        problem.Validation is null ? null : new DeviceDataset(problem.Validation, device),
        new DeviceDataset(problem.Test, device),
        new DeviceDataset(problem.Probe, device));

    public void Dispose()
    {
        Training.Train.Dispose();
        Training.Validation?.Dispose();
        Training.Test.Dispose();
        Probe.Dispose();
    }
}
