using System.Text.Json.Serialization;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// One finished IMP iteration: the sparsity its mask reaches, the test accuracy of its retrained
/// network, how its training went, and where its mask and final (masked) weights are.
/// </summary>
public sealed record ImpIterationResult(
    int Iteration,
    SparsityReport Sparsity,
    double TestAccuracy,
    int EpochsTrained,
    int? BestEpoch,
    bool StoppedEarly,
    string MaskPath,
    string WeightsPath,
    IReadOnlyList<EpochReport> History,
    string SettingsHash)
{
    [JsonIgnore] public double ConvSparsity => Sparsity.Conv;
    [JsonIgnore] public double FcSparsity => Sparsity.Fc;
    [JsonIgnore] public double OverallSparsity => Sparsity.Overall;
}
