namespace ActorPipeline.Ml.Experiments;

/// <summary>A layer compared between the dense and the pruned network: its probe point's name and position in the network.</summary>
public sealed record ProbeLayer(string Name, int Index);
