namespace ActorPipeline.Host.Configuration;

/// <summary>The built-in sweeps: the paper's full protocol, and a quick one that runs every stage in minutes on a CPU.</summary>
public static class SweepProfiles
{
    public static IReadOnlyList<string> Names { get; } = ["paper", "quick"];

    public static SweepConfig Get(string name) => name.ToLowerInvariant() switch
    {
        "paper" => new SweepConfig(),
        "quick" => new SweepConfig
        {
            Repetitions = 2,
            Iterations = 2,
            DenseEpochs = 3,
            ImpEpochs = 1,
            RewindEpoch = 1,
            EarlyStopping = "off",
            TrainLimit = 512,
            TestLimit = 200,
            ProbeSize = 100,
            ProbeBatchSize = 100,
            BatchSize = 64,
        },
        _ => throw new ArgumentException($"Unknown profile '{name}'; known: {string.Join(", ", Names)}."),
    };
}
