using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Ml.Experiments;

/// <summary>The spellings of the protocol choices in plans, sweep configs and the CLI, and their meaning in the Ml types.</summary>
public static class ProtocolChoices
{
    /// <summary>Flatten the last conv block's c·h·w outputs into fc1: the VGG reading of the paper's Table 2.</summary>
    public const string Flatten = "flatten";
    /// <summary>Average each channel over h×w first, so fc1 sees c features: the authors' later code.</summary>
    public const string GlobalAveragePooling = "gap";
    public const string ValidationLoss = "val_loss";
    public const string ValidationAccuracy = "val_accuracy";

    /// <summary>Each pruning group (conv, fc) is one pool ranked by magnitude, as the paper does.</summary>
    public const string Pooled = "pooled";
    /// <summary>Each layer is pruned at its group's rate on its own.</summary>
    public const string PerLayer = "per_layer";

    /// <summary>Rewind the surviving weights to the rewind epoch (the paper).</summary>
    public const string RewindWeights = "weights";
    /// <summary>Keep the trained weights; rewind only the learning-rate schedule (the authors' later code).</summary>
    public const string RewindLearningRate = "learning_rate";

    /// <summary>Intrinsic dimension of no network, the dense one only, or every network (see <see cref="IntrinsicDimensionScope"/>).</summary>
    public const string IntrinsicDimensionOff = "off";
    public const string IntrinsicDimensionDense = "dense";
    public const string IntrinsicDimensionAll = "all";

    public static IReadOnlyList<string> FcInputs { get; } = [Flatten, GlobalAveragePooling];
    public static IReadOnlyList<string> Groupings { get; } = [Pooled, PerLayer];
    public static IReadOnlyList<string> Monitors { get; } = [ValidationLoss, ValidationAccuracy];
    public static IReadOnlyList<string> Rewinds { get; } = [RewindWeights, RewindLearningRate];
    public static IReadOnlyList<string> IntrinsicDimensionScopes { get; } = [IntrinsicDimensionOff, IntrinsicDimensionDense, IntrinsicDimensionAll];

    public static FcInput ParseFcInput(string value) => value switch
    {
        Flatten => FcInput.Flatten,
        GlobalAveragePooling => FcInput.GlobalAveragePooling,
        _ => throw new ArgumentException($"Unknown fc input '{value}': use {string.Join(" or ", FcInputs)}."),
    };

    public static EarlyStoppingMonitor ParseMonitor(string value) => value switch
    {
        ValidationLoss => EarlyStoppingMonitor.ValidationLoss,
        ValidationAccuracy => EarlyStoppingMonitor.ValidationAccuracy,
        _ => throw new ArgumentException($"Unknown early-stopping monitor '{value}': use {string.Join(" or ", Monitors)}."),
    };

    public static PruningGrouping ParseGrouping(string value) => value switch
    {
        Pooled => PruningGrouping.PooledPerGroup,
        PerLayer => PruningGrouping.PerLayer,
        _ => throw new ArgumentException($"Unknown pruning grouping '{value}': use {string.Join(" or ", Groupings)}."),
    };

    public static RewindMode ParseRewind(string value) => value switch
    {
        RewindWeights => RewindMode.Weights,
        RewindLearningRate => RewindMode.LearningRate,
        _ => throw new ArgumentException($"Unknown rewind '{value}': use {string.Join(" or ", Rewinds)}."),
    };

    public static IntrinsicDimensionScope ParseIntrinsicDimension(string value) => value switch
    {
        IntrinsicDimensionOff => IntrinsicDimensionScope.Off,
        IntrinsicDimensionDense => IntrinsicDimensionScope.Dense,
        IntrinsicDimensionAll => IntrinsicDimensionScope.All,
        _ => throw new ArgumentException($"Unknown intrinsic dimension '{value}': use {string.Join(", ", IntrinsicDimensionScopes)}."),
    };
}
