using ActorPipeline.Ml.Models;

namespace ActorPipeline.Ml.Pruning;

/// <summary>
/// What one IMP pruning step removes: <see cref="ConvRate"/> of the conv group's surviving parameters and
/// <see cref="FcRate"/> of the fc group's, the smallest magnitudes first (the paper's Table 3 rates:
/// <see cref="Experiments.PaperProtocol.ConvPruningRate"/>, <see cref="Experiments.PaperProtocol.FcPruningRate"/>).
/// By default the conv group is every conv weight and bias and the fc group every hidden fc weight
/// and bias; the output layer and batch norm are left dense.
/// </summary>
public sealed record PruningOptions
{
    /// <summary>Fraction of the conv group's surviving parameters pruned per iteration, in [0, 1).</summary>
    public double ConvRate { get; init; }

    /// <summary>Fraction of the fc group's surviving parameters pruned per iteration, in [0, 1).</summary>
    public double FcRate { get; init; }

    /// <summary>Prune the output layer's weight and bias too, as part of the fc group.</summary>
    public bool PruneOutputLayer { get; init; }

    /// <summary>Prune batch-norm scale and shift too, each in the group of the block it belongs to.</summary>
    public bool PruneBatchNorm { get; init; }

    public PruningGrouping Grouping { get; init; } = PruningGrouping.PooledPerGroup;

    public void Validate()
    {
        if (!PruningRates.IsValid(ConvRate)) throw new ArgumentOutOfRangeException(nameof(ConvRate), ConvRate, $"The conv pruning rate {PruningRates.Rule}.");
        if (!PruningRates.IsValid(FcRate)) throw new ArgumentOutOfRangeException(nameof(FcRate), FcRate, $"The fc pruning rate {PruningRates.Rule}.");
        if (!Enum.IsDefined(Grouping)) throw new ArgumentOutOfRangeException(nameof(Grouping), Grouping, "Unknown grouping.");
    }

    /// <summary>The group a parameter is pruned in, or null when these options leave it dense.</summary>
    public PruningGroup? GroupOf(string name, ParameterRole role) => role switch
    {
        ParameterRole.ConvWeight or ParameterRole.ConvBias => PruningGroup.Conv,
        ParameterRole.FcWeight or ParameterRole.FcBias => PruningGroup.Fc,
        ParameterRole.OutputWeight or ParameterRole.OutputBias => PruneOutputLayer ? PruningGroup.Fc : null,
        ParameterRole.BatchNormWeight or ParameterRole.BatchNormBias => PruneBatchNorm ? MaskSet.GroupOfName(name) : null,
        _ => null,
    };

    /// <summary>The rate of <paramref name="group"/>.</summary>
    public double RateOf(PruningGroup group) => group == PruningGroup.Conv ? ConvRate : FcRate;
}
