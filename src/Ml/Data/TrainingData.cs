namespace ActorPipeline.Ml.Data;

/// <summary>The device-resident splits one training uses.</summary>
public sealed record TrainingData(DeviceDataset Train, DeviceDataset? Validation, DeviceDataset Test);
