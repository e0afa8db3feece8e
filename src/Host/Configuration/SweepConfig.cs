using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Similarity;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Host.Hosting;

namespace ActorPipeline.Host.Configuration;

/// <summary>
/// A sweep as written in a profile or a YAML/JSON file (snake_case keys). Null means "the paper's value
/// for that problem" where the paper has one. <see cref="SweepConfigLoader"/> rejects unknown keys and
/// <see cref="Validate"/> invalid values, each naming the key.
/// </summary>
public sealed class SweepConfig
{
    public List<string> Problems { get; set; } = Ml.Data.Problems.All.Select(p => p.Name.ToLowerInvariant()).ToList();
    public int Repetitions { get; set; } = PaperProtocol.Repetitions;
    public int Iterations { get; set; } = PaperProtocol.ImpIterations;
    /// <summary>Dense training epochs; null: Table 2's T per problem.</summary>
    public int? DenseEpochs { get; set; }
    /// <summary>Retraining epochs per IMP iteration; null: the dense epochs.</summary>
    public int? ImpEpochs { get; set; }
    public int RewindEpoch { get; set; } = PaperProtocol.RewindEpoch;
    /// <summary>null: Table 3 per problem.</summary>
    public double? ConvRate { get; set; }
    public double? FcRate { get; set; }
    /// <summary>paper (Cifar8/Cifar10 only), on or off.</summary>
    public string EarlyStopping { get; set; } = "paper";
    public int Patience { get; set; } = PaperProtocol.EarlyStoppingPatience;
    /// <summary>What early stopping watches: val_loss or val_accuracy.</summary>
    public string EarlyStoppingMonitor { get; set; } = ProtocolChoices.ValidationLoss;
    /// <summary>With early stopping, end with the best epoch's weights.</summary>
    public bool RestoreBestWeights { get; set; } = true;
    public int ProbeSize { get; set; } = PaperProtocol.ProbeSize;
    public int ProbeBatchSize { get; set; } = PaperProtocol.ProbeBatchSize;
    public List<string> Metrics { get; set; } = SimilarityMetrics.All.Select(SimilarityMetrics.Name).ToList();
    public double Variance { get; set; } = PaperProtocol.VarianceFraction;
    public int BatchSize { get; set; } = PaperProtocol.BatchSize;
    public double LearningRate { get; set; } = PaperProtocol.LearningRate;
    public double WeightDecay { get; set; } = PaperProtocol.WeightDecay;
    /// <summary>Dropout after the § fc layers.</summary>
    public double Dropout { get; set; } = PaperProtocol.DropoutRate;
    /// <summary>Clip the total gradient norm at this value; null: no clipping.</summary>
    public double? GradClipNorm { get; set; }
    /// <summary>How the last conv block feeds fc1: flatten or gap.</summary>
    public string FcInput { get; set; } = ProtocolChoices.Flatten;
    /// <summary>Prune the output layer too; batch norm too; pooled groups or per_layer.</summary>
    public bool PruneOutput { get; set; }
    public bool PruneBatchnorm { get; set; }
    public string PruningGrouping { get; set; } = ProtocolChoices.Pooled;
    /// <summary>What each IMP iteration rewinds: weights (the paper) or learning_rate.</summary>
    public string Rewind { get; set; } = ProtocolChoices.RewindWeights;
    /// <summary>Beyond the paper: TwoNN intrinsic dimension of every probed layer: off, dense (the dense network) or all (every pruned iteration too).</summary>
    public string IntrinsicDimension { get; set; } = ProtocolChoices.IntrinsicDimensionOff;
    /// <summary>Probe images the intrinsic dimension is estimated on (the first ones); null: all of them.</summary>
    public int? IntrinsicDimensionPoints { get; set; }
    /// <summary>Beyond the paper: k more dense networks per problem from other seeds, each compared with the main one (the seed noise floor); 0: none.</summary>
    public int SeedBaseline { get; set; }
    /// <summary>libtorch's CPU threads for every step on every node: a count, or auto (the creating process's count, resolved once and kept in sweep.json).</summary>
    public string CpuThreads { get; set; } = CpuThreadsSetting.Auto;
    /// <summary>Deterministic kernels (torch.use_deterministic_algorithms; a deterministic cuBLAS workspace on CUDA).</summary>
    public bool Deterministic { get; set; }
    public bool Augment { get; set; } = true;
    public long Seed { get; set; }
    public int? TrainLimit { get; set; }
    public int? TestLimit { get; set; }
    /// <summary>auto (every GPU, else the CPU), cpu, or a list such as cuda:0,cuda:1.</summary>
    public string Devices { get; set; } = "auto";
    public int SlotsPerDevice { get; set; } = 1;
    public string? Data { get; set; }
    public string? Output { get; set; }
    public int MaxRetries { get; set; } = 3;
    /// <summary>How long the sweep waits for an unavailable journal before it exits with code 4: 30m, 90s, 2h; 0 waits forever.</summary>
    public string JournalOutageLimit { get; set; } = Actors.Persistence.JournalOutageLimit.Default;
    public PersistenceConfig Persistence { get; set; } = new();

    public SweepConfig Clone()
    {
        var copy = (SweepConfig)MemberwiseClone();
        copy.Problems = [.. Problems];
        copy.Metrics = [.. Metrics];
        copy.Persistence = Persistence with { };
        return copy;
    }

    public void Validate()
    {
        static void Require(bool ok, string key, object? value, string rule)
        {
            if (!ok) throw new ArgumentException($"Sweep config: '{key}' = {value ?? "null"} is invalid: {rule}.");
        }

        Require(Problems.Count > 0, "problems", "[]", "list at least one of cifar2, cifar4, cifar6, cifar8, cifar10");
        foreach (var problem in Problems)
            Require(Ml.Data.Problems.All.Any(p => p.Name.Equals(problem, StringComparison.OrdinalIgnoreCase)), "problems", problem, "known problems are cifar2, cifar4, cifar6, cifar8, cifar10");
        Require(Problems.Select(p => p.ToLowerInvariant()).Distinct().Count() == Problems.Count, "problems", string.Join(",", Problems), "a problem is listed twice");
        Require(Repetitions > 0, "repetitions", Repetitions, "must be positive");
        Require(Iterations > 0, "iterations", Iterations, "must be positive");
        Require(DenseEpochs is null or > 0, "dense_epochs", DenseEpochs, "must be positive");
        Require(ImpEpochs is null or > 0, "imp_epochs", ImpEpochs, "must be positive");
        Require(RewindEpoch >= 0, "rewind_epoch", RewindEpoch, "must be 0 or more");
        Require(DenseEpochs is null || RewindEpoch <= DenseEpochs, "rewind_epoch", RewindEpoch, $"must not exceed dense_epochs ({DenseEpochs})");
        Require(ConvRate is not { } conv || PruningRates.IsValid(conv), "conv_rate", ConvRate, PruningRates.Rule);
        Require(FcRate is not { } fc || PruningRates.IsValid(fc), "fc_rate", FcRate, PruningRates.Rule);
        Require(EarlyStopping is "paper" or "on" or "off", "early_stopping", EarlyStopping, "use paper, on or off");
        Require(Patience > 0, "patience", Patience, "must be positive");
        Require(ProtocolChoices.Monitors.Contains(EarlyStoppingMonitor), "early_stopping_monitor", EarlyStoppingMonitor, $"use {string.Join(" or ", ProtocolChoices.Monitors)}");
        Require(LearningRate > 0, "learning_rate", LearningRate, "must be positive");
        Require(WeightDecay >= 0, "weight_decay", WeightDecay, "must be 0 or more");
        Require(Dropout is >= 0 and < 1, "dropout", Dropout, "must lie in [0, 1)");
        Require(GradClipNorm is null or > 0, "grad_clip_norm", GradClipNorm, "must be positive (null: no clipping)");
        Require(ProtocolChoices.Groupings.Contains(PruningGrouping), "pruning_grouping", PruningGrouping, $"use {string.Join(" or ", ProtocolChoices.Groupings)}");
        Require(ProtocolChoices.FcInputs.Contains(FcInput), "fc_input", FcInput, $"use {string.Join(" or ", ProtocolChoices.FcInputs)}");
        Require(ProtocolChoices.Rewinds.Contains(Rewind), "rewind", Rewind, $"use {string.Join(" or ", ProtocolChoices.Rewinds)}");
        Require(ProbeSize > 1, "probe_size", ProbeSize, "must be at least 2");
        Require(SeedBaseline is >= 0 and <= ProblemPlan.MaximumSeedBaseline, "seed_baseline", SeedBaseline, $"must lie in 0..{ProblemPlan.MaximumSeedBaseline} (dense networks from other seeds per problem; 0: none)");
        Require(ProtocolChoices.IntrinsicDimensionScopes.Contains(IntrinsicDimension), "intrinsic_dimension", IntrinsicDimension, $"use {string.Join(", ", ProtocolChoices.IntrinsicDimensionScopes)}");
        Require(IntrinsicDimensionPoints is null || (IntrinsicDimensionPoints >= ProblemPlan.MinimumIntrinsicDimensionPoints && IntrinsicDimensionPoints <= ProbeSize),
            "intrinsic_dimension_points", IntrinsicDimensionPoints,
            $"must lie in {ProblemPlan.MinimumIntrinsicDimensionPoints}..{ProbeSize} (probe_size: TwoNN needs two neighbours per point, and the points are probe images); null: all probe images");
        Require(CpuThreadsSetting.IsValid(CpuThreads), "cpu_threads", CpuThreads, CpuThreadsSetting.Rule);
        Require(ProbeBatchSize > 0, "probe_batch_size", ProbeBatchSize, "must be positive");
        var knownMetrics = string.Join(", ", SimilarityMetrics.All.Select(SimilarityMetrics.Name));
        Require(Metrics.Count > 0, "metrics", "[]", $"list at least one of {knownMetrics}");
        foreach (var metric in Metrics)
            Require(SimilarityMetrics.All.Any(m => SimilarityMetrics.Name(m) == metric.ToLowerInvariant()), "metrics", metric, $"known metrics are {knownMetrics}");
        Require(Variance is > 0 and <= 1, "variance", Variance, "must lie in (0, 1]");
        Require(BatchSize > 1, "batch_size", BatchSize, "must be at least 2");
        Require(TrainLimit is null or > 1, "train_limit", TrainLimit, "must be at least 2");
        Require(TestLimit is null or > 0, "test_limit", TestLimit, "must be positive");
        Require(!string.IsNullOrWhiteSpace(Devices), "devices", Devices, "use auto, cpu or a list such as cuda:0,cuda:1");
        Require(SlotsPerDevice > 0, "slots_per_device", SlotsPerDevice, "must be positive");
        Require(MaxRetries >= 0, "max_retries", MaxRetries, "must be 0 or more");
        Require(Actors.Persistence.JournalOutageLimit.TryParse(JournalOutageLimit, out _), "journal_outage_limit", JournalOutageLimit, "use a duration such as 30m, 90s or 2h, or 0 to wait forever");
        Persistence.Validate();
    }
}

/// <summary>Where the journal lives: an SQLite file in the output folder (default) or PostgreSQL.</summary>
public sealed record PersistenceConfig
{
    /// <summary>sqlite or postgresql.</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>SQLite: the database file (default: journal.db in the output folder). PostgreSQL: a connection string without the password.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>The environment variable holding the PostgreSQL password (never put it in a file).</summary>
    public string PasswordEnv { get; set; } = "ACTORPIPELINE_PG_PASSWORD";

    public void Validate()
    {
        if (Provider is not ("sqlite" or "postgresql"))
            throw new ArgumentException($"Sweep config: 'persistence.provider' = {Provider} is invalid: use sqlite or postgresql.");
        if (Provider == "postgresql" && string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("Sweep config: 'persistence.connection_string' is required for postgresql (e.g. Host=127.0.0.1;Port=5432;Database=actorpipeline;Username=actorpipeline).");
        if (ConnectionString is { } cs && cs.Contains("password", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Sweep config: 'persistence.connection_string' must not contain a password; put it in the environment variable named by 'persistence.password_env' ({PasswordEnv}).");
    }
}
