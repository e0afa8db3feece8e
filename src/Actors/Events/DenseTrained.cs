namespace ActorPipeline.Actors.Events;

/// <summary>The dense network is trained; paths are relative to the sweep's artifact folder.</summary>
public sealed record DenseTrained(string Problem, string FinalWeights, string RewindWeights, int Epochs, double TestAccuracy) : IPipelineEvent;
