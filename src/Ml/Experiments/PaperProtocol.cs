using ActorPipeline.Ml.Models;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The paper's per-problem settings: network (Table 2), training epochs T (Table 2), IMP pruning
/// rates for the conv and fc groups (Table 3) and whether early stopping is used (Cifar8, Cifar10).
/// </summary>
public sealed record PaperProtocol(string Problem, ArchitectureSpec Architecture, int Epochs, double ConvPruningRate, double FcPruningRate, bool EarlyStopping)
{
    public const int EarlyStoppingPatience = 20;
    public const int RewindEpoch = 3;
    public const int ImpIterations = 20;
    public const int Repetitions = 20;
    public const int ProbeSize = 5_000;

    public static PaperProtocol For(string problem) => problem.ToLowerInvariant() switch
    {
        "cifar2" => new("cifar2", PaperArchitectures.For("cifar2"), 50, 0.1, 0.2, false),
        "cifar4" => new("cifar4", PaperArchitectures.For("cifar4"), 50, 0.1, 0.2, false),
        "cifar6" => new("cifar6", PaperArchitectures.For("cifar6"), 100, 0.1, 0.2, false),
        "cifar8" => new("cifar8", PaperArchitectures.For("cifar8"), 200, 0.2, 0.2, true),
        "cifar10" => new("cifar10", PaperArchitectures.For("cifar10"), 200, 0.2, 0.2, true),
        _ => throw new ArgumentException($"Unknown problem \"{problem}\"; known: cifar2, cifar4, cifar6, cifar8, cifar10.", nameof(problem)),
    };
}
