namespace ActorPipeline.Host.Sweeps;

/// <summary>
/// A sweep as written in a profile or a YAML/JSON file (snake_case keys). Null means "the paper's value
/// for that problem" where the paper has one. <see cref="SweepConfigLoader"/> rejects unknown keys and
/// <see cref="Validate"/> invalid values, each naming the key.
/// </summary>
public sealed class SweepConfig
{
    public List<string> Problems { get; set; } = ["cifar2", "cifar4", "cifar6", "cifar8", "cifar10"];
    public int Repetitions { get; set; } = 20;
    public int Iterations { get; set; } = 20;
    /// <summary>Dense training epochs; null: Table 2's T per problem.</summary>
    public int? DenseEpochs { get; set; }
    /// <summary>Retraining epochs per IMP iteration; null: the dense epochs.</summary>
    public int? ImpEpochs { get; set; }
    public int RewindEpoch { get; set; } = 3;
    /// <summary>null: Table 3 per problem.</summary>
    public double? ConvRate { get; set; }
    public double? FcRate { get; set; }
    /// <summary>paper (Cifar8/Cifar10 only), on or off.</summary>
    public string EarlyStopping { get; set; } = "paper";
    public int Patience { get; set; } = 20;
    public int ProbeSize { get; set; } = 5000;
    public int ProbeBatchSize { get; set; } = 250;
    public List<string> Metrics { get; set; } = ["svcca", "cca", "pwcca", "cka", "nbs"];
    public double Variance { get; set; } = 0.99;
    public int BatchSize { get; set; } = 128;
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
            Require(problem.ToLowerInvariant() is "cifar2" or "cifar4" or "cifar6" or "cifar8" or "cifar10", "problems", problem, "known problems are cifar2, cifar4, cifar6, cifar8, cifar10");
        Require(Problems.Select(p => p.ToLowerInvariant()).Distinct().Count() == Problems.Count, "problems", string.Join(",", Problems), "a problem is listed twice");
        Require(Repetitions > 0, "repetitions", Repetitions, "must be positive");
        Require(Iterations > 0, "iterations", Iterations, "must be positive");
        Require(DenseEpochs is null or > 0, "dense_epochs", DenseEpochs, "must be positive");
        Require(ImpEpochs is null or > 0, "imp_epochs", ImpEpochs, "must be positive");
        Require(RewindEpoch >= 0, "rewind_epoch", RewindEpoch, "must be 0 or more");
        Require(DenseEpochs is null || RewindEpoch <= DenseEpochs, "rewind_epoch", RewindEpoch, $"must not exceed dense_epochs ({DenseEpochs})");
        Require(ConvRate is null or (>= 0 and < 1), "conv_rate", ConvRate, "must lie in [0, 1)");
        Require(FcRate is null or (>= 0 and < 1), "fc_rate", FcRate, "must lie in [0, 1)");
        Require(EarlyStopping is "paper" or "on" or "off", "early_stopping", EarlyStopping, "use paper, on or off");
        Require(Patience > 0, "patience", Patience, "must be positive");
        Require(ProbeSize > 1, "probe_size", ProbeSize, "must be at least 2");
        Require(ProbeBatchSize > 0, "probe_batch_size", ProbeBatchSize, "must be positive");
        Require(Metrics.Count > 0, "metrics", "[]", "list at least one of svcca, cca, pwcca, cka, nbs");
        foreach (var metric in Metrics)
            Require(metric.ToLowerInvariant() is "svcca" or "cca" or "pwcca" or "cka" or "nbs", "metrics", metric, "known metrics are svcca, cca, pwcca, cka, nbs");
        Require(Variance is > 0 and <= 1, "variance", Variance, "must lie in (0, 1]");
        Require(BatchSize > 1, "batch_size", BatchSize, "must be at least 2");
        Require(TrainLimit is null or > 1, "train_limit", TrainLimit, "must be at least 2");
        Require(TestLimit is null or > 0, "test_limit", TestLimit, "must be positive");
        Require(!string.IsNullOrWhiteSpace(Devices), "devices", Devices, "use auto, cpu or a list such as cuda:0,cuda:1");
        Require(SlotsPerDevice > 0, "slots_per_device", SlotsPerDevice, "must be positive");
        Require(MaxRetries >= 0, "max_retries", MaxRetries, "must be 0 or more");
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
