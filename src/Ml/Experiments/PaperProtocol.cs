using ActorPipeline.Ml.Models;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The paper's settings, in one place: per problem the network (Table 2), training epochs T (Table 2), IMP
/// pruning rates for the conv and fc groups (Table 3) and whether early stopping is used (Cifar8, Cifar10);
/// and the constants of §4 every problem shares. <see cref="ProblemPlan.Paper"/> turns them into a plan.
/// </summary>
public sealed record PaperProtocol(string Problem, ArchitectureSpec Architecture, int Epochs, double ConvPruningRate, double FcPruningRate, bool EarlyStopping)
{
    public const int EarlyStoppingPatience = 20;
    public const int RewindEpoch = 3;
    public const int ImpIterations = 20;
    public const int Repetitions = 20;
    public const int ProbeSize = 5_000;
    public const int BatchSize = 128;
    public const double LearningRate = 1e-3;
    public const double WeightDecay = 5e-4;
    /// <summary>Dropout of the § layers (Table 2).</summary>
    public const double DropoutRate = 0.5;
    /// <summary>SVCCA keeps the directions carrying 99% of the variance.</summary>
    public const double VarianceFraction = 0.99;
    /// <summary>Not the paper's: probe images per forward pass (memory, not results: the covariance is the same for any batching up to rounding).</summary>
    public const int ProbeBatchSize = 250;

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
