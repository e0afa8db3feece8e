using ActorPipeline.Ml.Experiments;
using TorchSharp;

namespace ActorPipeline.Actors.Compute;

/// <summary>A finished dense training: where its weights are (absolute paths on this node) and how good it is.</summary>
public sealed record DenseOutcome(string FinalWeightsPath, string RewindWeightsPath, int Epochs, double TestAccuracy)
{
    /// <summary>The plan's seed baselines, each trained from another seed and measured against this network; none without.</summary>
    public IReadOnlyList<SeedBaselineResult> SeedBaselines { get; init; } = [];

    /// <summary>Where and how it was trained; null from a compute that does not say (a test's fake).</summary>
    public StepProvenance? Provenance { get; init; }
}

/// <summary>A finished IMP iteration of one repetition.</summary>
public sealed record IterationOutcome(int Iteration, double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy, int Epochs)
{
    /// <summary>Where and how it was trained; null from a compute that does not say (a test's fake).</summary>
    public StepProvenance? Provenance { get; init; }

    public static IterationOutcome From(ImpIterationResult result) =>
        new(result.Iteration, result.ConvSparsity, result.FcSparsity, result.OverallSparsity, result.TestAccuracy, result.EpochsTrained);
}

/// <summary>Where a long training is: sent as progress, never persisted.</summary>
public sealed record TrainingProgress(string Stage, int Epoch, int Epochs, double TestAccuracy, double ImagesPerSecond);

/// <summary>
/// One probe batch's activations of one layer in both networks: the only message that holds tensors (they
/// never leave their node). Whoever receives it disposes it.
/// </summary>
public sealed class LayerActivations(string layer, torch.Tensor dense, torch.Tensor pruned) : IDisposable
{
    public string Layer { get; } = layer;
    public torch.Tensor Dense { get; } = dense;
    public torch.Tensor Pruned { get; } = pruned;

    public void Dispose()
    {
        Dense.Dispose();
        Pruned.Dispose();
    }
}
