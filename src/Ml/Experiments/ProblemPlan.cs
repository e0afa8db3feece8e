using System.Text.Json.Serialization;
using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// The experiment recipe of one problem, fully resolved (no "default" left to interpret): the dense training,
/// the IMP repetitions and the similarity measurement. The sweep, `train` and `imp` all run from it, so one
/// repetition of a sweep can be re-run alone and give the same numbers. Its JSON is part of the sweep's identity
/// (see <see cref="PlanIdentity"/>); defaults come from <see cref="PaperProtocol"/>.
/// </summary>
public sealed record ProblemPlan
{
    // The order of the properties is the order of the JSON the sweep id hashes: append, never reorder.
    public required string Problem { get; init; }
    /// <summary>Table 2 notation, e.g. "16*, 16, MP / 256§".</summary>
    public required string Architecture { get; init; }
    public required int DenseEpochs { get; init; }
    public required int ImpEpochs { get; init; }
    /// <summary>Early-stopping patience on the validation split; null trains all epochs without one.</summary>
    public int? Patience { get; init; }
    public required int RewindEpoch { get; init; }
    public required double ConvRate { get; init; }
    public required double FcRate { get; init; }
    public required int Iterations { get; init; }
    public required int Repetitions { get; init; }
    /// <summary>Seed of the splits, the initial weights and the dense training; repetition seeds derive from it.</summary>
    public required long Seed { get; init; }
    public int BatchSize { get; init; } = PaperProtocol.BatchSize;
    public bool Augment { get; init; } = true;
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public required int ProbeSize { get; init; }
    public int ProbeBatchSize { get; init; } = PaperProtocol.ProbeBatchSize;
    public required IReadOnlyList<string> Metrics { get; init; }
    public double VarianceFraction { get; init; } = PaperProtocol.VarianceFraction;

    public string Key => Problem.ToLowerInvariant();

    // Protocol choices the paper leaves open (added later: at their defaults they stay out of the sweep id, see PlanIdentity).
    public double LearningRate { get; init; } = PaperProtocol.LearningRate;
    public double WeightDecay { get; init; } = PaperProtocol.WeightDecay;
    /// <summary>Dropout after the § fc layers.</summary>
    public double DropoutRate { get; init; } = PaperProtocol.DropoutRate;
    /// <summary>Clip the total gradient norm at this value before each step; null: no clipping.</summary>
    public double? GradientClipNorm { get; init; }
    /// <summary>How the last conv block feeds fc1: <see cref="ProtocolChoices.Flatten"/> or <see cref="ProtocolChoices.GlobalAveragePooling"/>.</summary>
    public string FcInput { get; init; } = ProtocolChoices.Flatten;
    /// <summary>What early stopping watches: <see cref="ProtocolChoices.ValidationLoss"/> or <see cref="ProtocolChoices.ValidationAccuracy"/>.</summary>
    public string EarlyStoppingMonitor { get; init; } = ProtocolChoices.ValidationLoss;
    /// <summary>With early stopping, end with the best epoch's weights (not the last epoch's).</summary>
    public bool RestoreBestWeights { get; init; } = true;
    /// <summary>Prune the output layer too (in the fc group); the paper leaves it dense.</summary>
    public bool PruneOutputLayer { get; init; }
    /// <summary>Prune batch-norm scales and shifts too (in their block's group).</summary>
    public bool PruneBatchNorm { get; init; }
    /// <summary>Each group pooled (<see cref="ProtocolChoices.Pooled"/>, the paper) or each layer at its group's rate (<see cref="ProtocolChoices.PerLayer"/>).</summary>
    public string PruningGrouping { get; init; } = ProtocolChoices.Pooled;
    /// <summary>What each IMP iteration rewinds: <see cref="ProtocolChoices.RewindWeights"/> (the paper) or <see cref="ProtocolChoices.RewindLearningRate"/>; see <see cref="RewindMode"/>.</summary>
    public string Rewind { get; init; } = ProtocolChoices.RewindWeights;
    /// <summary>Beyond the paper: TwoNN intrinsic dimension of every probed layer of no network, the dense one, or all (<see cref="ProtocolChoices.IntrinsicDimensionScopes"/>).</summary>
    public string IntrinsicDimension { get; init; } = ProtocolChoices.IntrinsicDimensionOff;
    /// <summary>Probe images (the first ones) the intrinsic dimension is estimated on; null: the whole probe set.</summary>
    public int? IntrinsicDimensionPoints { get; init; }
    /// <summary>Beyond the paper: dense networks trained from other seeds (same data, same probe set), each compared with the main one (the seed noise floor).</summary>
    public int SeedBaseline { get; init; }

    // Compute settings that change numbers (added later, like the protocol choices): every node applies them before the plan's steps.
    /// <summary>libtorch's CPU threads for every step (torch.set_num_threads); null: the process's own (a plan written before the setting existed).</summary>
    public int? CpuThreads { get; init; }
    /// <summary>
    /// Whether <see cref="CpuThreads"/> was chosen in the config (then it is part of the sweep id) or resolved from `auto`
    /// once, on the machine that created the sweep (then it is not: the sweep keeps its id and resumes anywhere with that count).
    /// </summary>
    public bool CpuThreadsChosen { get; init; }
    /// <summary>Deterministic kernels (torch.use_deterministic_algorithms, a deterministic cuBLAS workspace on CUDA); CPU numbers are the same either way.</summary>
    public bool Deterministic { get; init; }

    /// <summary>Steps of the problem as progress counts them: the dense training, then every iteration of every repetition trained and measured. Derived, so not part of the identity.</summary>
    [JsonIgnore]
    public int StepsPlanned => 1 + 2 * Iterations * Repetitions;

    /// <summary>The paper's plan for a problem (Tables 2 and 3, §4), before any override.</summary>
    public static ProblemPlan Paper(string problem)
    {
        var paper = PaperProtocol.For(problem);
        return new ProblemPlan
        {
            Problem = paper.Problem,
            Architecture = paper.Architecture.ToString(),
            DenseEpochs = paper.Epochs,
            ImpEpochs = paper.Epochs,
            Patience = paper.EarlyStopping ? PaperProtocol.EarlyStoppingPatience : null,
            RewindEpoch = PaperProtocol.RewindEpoch,
            ConvRate = paper.ConvPruningRate,
            FcRate = paper.FcPruningRate,
            Iterations = PaperProtocol.ImpIterations,
            Repetitions = PaperProtocol.Repetitions,
            Seed = 0,
            ProbeSize = PaperProtocol.ProbeSize,
            Metrics = SimilarityMetrics.All.Select(SimilarityMetrics.Name).ToList(),
        };
    }

    /// <summary>Every rule a plan must satisfy, each error naming the problem and the setting.</summary>
    public void Validate()
    {
        Problems.Get(Problem);
        ArchitectureSpec.Parse(Architecture);
        if (DenseEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(DenseEpochs), DenseEpochs, $"{Problem}: dense epochs must be positive.");
        if (ImpEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(ImpEpochs), ImpEpochs, $"{Problem}: IMP epochs must be positive.");
        if (Patience is <= 0) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"{Problem}: the early-stopping patience must be positive.");
        if (RewindEpoch < 0 || RewindEpoch > DenseEpochs)
            throw new ArgumentOutOfRangeException(nameof(RewindEpoch), RewindEpoch, $"{Problem}: the rewind epoch must lie in 0..{DenseEpochs} (the dense epochs).");
        if (!PruningRates.IsValid(ConvRate)) throw new ArgumentOutOfRangeException(nameof(ConvRate), ConvRate, $"{Problem}: the conv pruning rate {PruningRates.Rule}.");
        if (!PruningRates.IsValid(FcRate)) throw new ArgumentOutOfRangeException(nameof(FcRate), FcRate, $"{Problem}: the fc pruning rate {PruningRates.Rule}.");
        if (Iterations <= 0) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{Problem}: IMP iterations must be positive.");
        if (Repetitions <= 0) throw new ArgumentOutOfRangeException(nameof(Repetitions), Repetitions, $"{Problem}: repetitions must be positive.");
        if (BatchSize <= 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"{Problem}: the batch size must be at least 2 (batch norm needs it).");
        if (TrainLimit is <= 1) throw new ArgumentOutOfRangeException(nameof(TrainLimit), TrainLimit, $"{Problem}: the train limit must be at least 2.");
        if (TestLimit is <= 0) throw new ArgumentOutOfRangeException(nameof(TestLimit), TestLimit, $"{Problem}: the test limit must be positive.");
        if (ProbeSize <= 1) throw new ArgumentOutOfRangeException(nameof(ProbeSize), ProbeSize, $"{Problem}: the probe set needs at least 2 images.");
        if (ProbeBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(ProbeBatchSize), ProbeBatchSize, $"{Problem}: the probe batch size must be positive.");
        if (Metrics.Count == 0) throw new ArgumentException($"{Problem}: at least one similarity metric is needed.", nameof(Metrics));
        SimilarityMetrics.Parse(string.Join(",", Metrics));
        if (VarianceFraction is not (> 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(VarianceFraction), VarianceFraction, $"{Problem}: the SVCCA variance fraction must lie in (0, 1].");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"{Problem}: the learning rate must be positive.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"{Problem}: the weight decay must be 0 or more.");
        if (DropoutRate is not (>= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(DropoutRate), DropoutRate, $"{Problem}: the dropout rate must lie in [0, 1).");
        if (GradientClipNorm is { } clip && !(clip > 0 && double.IsFinite(clip))) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, $"{Problem}: the gradient clipping norm must be positive (null: no clipping).");
        ProtocolChoices.ParseFcInput(FcInput);
        ProtocolChoices.ParseMonitor(EarlyStoppingMonitor);
        ProtocolChoices.ParseGrouping(PruningGrouping);
        ProtocolChoices.ParseRewind(Rewind);
        ProtocolChoices.ParseIntrinsicDimension(IntrinsicDimension);
        if (SeedBaseline is < 0 or > MaximumSeedBaseline)
            throw new ArgumentOutOfRangeException(nameof(SeedBaseline), SeedBaseline, $"{Problem}: the seed baseline must lie in 0..{MaximumSeedBaseline} (dense networks from other seeds).");
        if (IntrinsicDimensionPoints is { } points && (points < MinimumIntrinsicDimensionPoints || points > ProbeSize))
            throw new ArgumentOutOfRangeException(nameof(IntrinsicDimensionPoints), points, $"{Problem}: the intrinsic dimension's points must lie in {MinimumIntrinsicDimensionPoints}..{ProbeSize} (the probe size).");
        if (CpuThreads is { } threads && threads is < 1 or > ComputeSettings.MaximumThreads)
            throw new ArgumentOutOfRangeException(nameof(CpuThreads), threads, $"{Problem}: the CPU threads must lie in 1..{ComputeSettings.MaximumThreads}.");
        if (CpuThreadsChosen && CpuThreads is null)
            throw new ArgumentException($"{Problem}: CPU threads chosen but not given.", nameof(CpuThreads));
    }

    /// <summary>The settings every step of this plan computes with, on whichever node.</summary>
    public ComputeSettings Compute() => new(CpuThreads, Deterministic);

    /// <summary>Seed baselines per problem at most: each is a dense training.</summary>
    public const int MaximumSeedBaseline = 100;

    /// <summary>TwoNN needs two neighbours of every point.</summary>
    public const int MinimumIntrinsicDimensionPoints = 3;

    /// <summary>The problem's splits of <paramref name="dataset"/> (seeded by the plan's seed), the same for every stage.</summary>
    public ProblemData Data(Cifar10Dataset dataset) => ProblemData.Build(dataset, Problems.Get(Problem), Seed, Split());

    /// <summary>How the problem's images are split (a validation split only with early stopping).</summary>
    public ProblemSplitOptions Split() => new()
    {
        UseValidation = Patience is not null,
        ProbeSize = ProbeSize,
        TrainCap = TrainLimit,
        TestCap = TestLimit,
    };

    /// <summary>The dense training; its seed is the plan's.</summary>
    public TrainingOptions DenseTraining() => new()
    {
        Epochs = DenseEpochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        EarlyStoppingPatience = Patience,
        Monitor = ProtocolChoices.ParseMonitor(EarlyStoppingMonitor),
        RestoreBestWeights = RestoreBestWeights,
        GradientClipNorm = GradientClipNorm,
        Augment = Augment,
        Seed = Seed,
    };

    public NetworkOptions Network() => new() { DropoutRate = DropoutRate, FcInput = ProtocolChoices.ParseFcInput(FcInput) };

    /// <summary>A new, uninitialised network of this plan on the CPU.</summary>
    public PaperCnn NewNetwork() => new(ArchitectureSpec.Parse(Architecture), Problems.Get(Problem).ClassCount, Network());

    /// <summary>The seed of the dense network's initial weights.</summary>
    public ulong InitializationSeed() => SeedStreams.Derive(Seed, "init");

    /// <summary>Seed baseline <paramref name="baseline"/>'s (1-based) seed of its initial weights and training; the splits and the probe set stay the plan's.</summary>
    public long SeedBaselineSeed(int baseline) => (long)(SeedStreams.Derive(Seed, "seed-baseline", baseline) >> 1);

    /// <summary>Repetition <paramref name="repetition"/>'s seed (data order, augmentation and dropout of its iterations), derived from the plan's.</summary>
    public long RepetitionSeed(int repetition) => (long)(SeedStreams.Derive(Seed, "repetition", repetition) >> 1);

    /// <summary>Repetition <paramref name="repetition"/>'s IMP settings.</summary>
    public ImpSettings Imp(int repetition) => new()
    {
        Iterations = Iterations,
        PruningOptions = Pruning(),
        TrainingOptions = DenseTraining() with { Epochs = ImpEpochs },
        Seed = RepetitionSeed(repetition),
        Rewind = ProtocolChoices.ParseRewind(Rewind),
    };

    public PruningOptions Pruning() => new()
    {
        ConvRate = ConvRate,
        FcRate = FcRate,
        PruneOutputLayer = PruneOutputLayer,
        PruneBatchNorm = PruneBatchNorm,
        Grouping = ProtocolChoices.ParseGrouping(PruningGrouping),
    };

    /// <summary>What each measurement of a repetition estimates the intrinsic dimension of.</summary>
    public IntrinsicDimensionPlan IntrinsicDimensions()
    {
        var scope = ProtocolChoices.ParseIntrinsicDimension(IntrinsicDimension);
        return scope == IntrinsicDimensionScope.Off ? IntrinsicDimensionPlan.Off : new IntrinsicDimensionPlan(scope, IntrinsicDimensionPoints ?? ProbeSize);
    }

    public SimilarityOptions Similarity() => new()
    {
        Metrics = SimilarityMetrics.Parse(string.Join(",", Metrics)),
        VarianceFraction = VarianceFraction,
    };
}
