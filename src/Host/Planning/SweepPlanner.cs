using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Compute;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Host.Configuration;

namespace ActorPipeline.Host.Planning;

/// <summary>
/// Resolves a config into the actors' plan: the paper's per-problem values where the config leaves them
/// open, and the sweep id, a hash of everything that changes results (not devices, slots, paths or the
/// journal, so a sweep can be resumed on other hardware or moved).
/// </summary>
public static class SweepPlanner
{
    /// <param name="autoThreads">What cpu_threads: auto resolves to: the count an existing sweep recorded (sweep.json); null: this process's count (a new sweep).</param>
    public static SweepPlan Plan(SweepConfig config, string dataChecksum, string artifactFolder, int? autoThreads = null)
    {
        int? chosen = CpuThreadsSetting.Parse(config.CpuThreads);
        int threads = chosen ?? autoThreads ?? CpuThreadsSetting.OfThisProcess();
        var problems = config.Problems.Select(p => Resolve(config, p) with { CpuThreads = threads, CpuThreadsChosen = chosen is not null, Deterministic = config.Deterministic }).ToList();
        foreach (var problem in problems) problem.Validate();
        return new SweepPlan
        {
            SweepId = SweepId(problems, dataChecksum),
            ArtifactFolder = artifactFolder,
            Problems = problems,
            Retries = new RetryPolicy { MaxRetries = config.MaxRetries },
        };
    }

    /// <summary>The count a sweep's plan resolved cpu_threads: auto to (kept in its sweep.json); null when it chose a count, or has none (a sweep from before the setting).</summary>
    public static int? AutoThreadsOf(SweepPlan? plan) => plan?.Problems.FirstOrDefault(p => !p.CpuThreadsChosen)?.CpuThreads;

    public static string SweepId(IReadOnlyList<ProblemPlan> problems, string dataChecksum) => PlanIdentity.SweepId(problems, dataChecksum);

    /// <summary>The paper's plan of <paramref name="name"/> with every setting the config gives applied.</summary>
    private static ProblemPlan Resolve(SweepConfig config, string name)
    {
        var paper = ProblemPlan.Paper(name);
        bool earlyStopping = config.EarlyStopping switch { "on" => true, "off" => false, _ => paper.Patience is not null };
        int denseEpochs = config.DenseEpochs ?? paper.DenseEpochs;
        return paper with
        {
            DenseEpochs = denseEpochs,
            ImpEpochs = config.ImpEpochs ?? denseEpochs,
            Patience = earlyStopping ? config.Patience : null,
            RewindEpoch = config.RewindEpoch,
            ConvRate = config.ConvRate ?? paper.ConvRate,
            FcRate = config.FcRate ?? paper.FcRate,
            Iterations = config.Iterations,
            Repetitions = config.Repetitions,
            Seed = config.Seed,
            BatchSize = config.BatchSize,
            Augment = config.Augment,
            TrainLimit = config.TrainLimit,
            TestLimit = config.TestLimit,
            ProbeSize = config.ProbeSize,
            ProbeBatchSize = config.ProbeBatchSize,
            Metrics = config.Metrics.Select(m => m.ToLowerInvariant()).ToList(),
            VarianceFraction = config.Variance,
            LearningRate = config.LearningRate,
            WeightDecay = config.WeightDecay,
            DropoutRate = config.Dropout,
            GradientClipNorm = config.GradClipNorm,
            FcInput = config.FcInput,
            EarlyStoppingMonitor = config.EarlyStoppingMonitor,
            RestoreBestWeights = config.RestoreBestWeights,
            PruneOutputLayer = config.PruneOutput,
            PruneBatchNorm = config.PruneBatchnorm,
            PruningGrouping = config.PruningGrouping,
            Rewind = config.Rewind,
            IntrinsicDimension = config.IntrinsicDimension,
            // resolved like every default: the number of points measured (the whole probe set unless given), none when off
            IntrinsicDimensionPoints = config.IntrinsicDimension == ProtocolChoices.IntrinsicDimensionOff ? null : config.IntrinsicDimensionPoints ?? config.ProbeSize,
            SeedBaseline = config.SeedBaseline,
        };
    }
}
