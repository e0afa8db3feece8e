namespace ActorPipeline.Host.UseCases;

/// <summary>
/// One IMP repetition to run, as the `imp` verb parsed it: of a sweep (<see cref="SweepFolder"/>: its plan, dense network
/// and data, nothing may change) or on a finished `train` run (<see cref="DenseRun"/>, with the plan changes given).
/// </summary>
public sealed record ImpRequest(string Problem, int Repetition)
{
    public string? SweepFolder { get; init; }
    public string? DenseRun { get; init; }
    /// <summary>Only the first k iterations; null: the plan's.</summary>
    public int? Iterations { get; init; }
    public string? Data { get; init; }
    public bool AllowDownload { get; init; } = true;
    public string? Output { get; init; }
    public string Device { get; init; } = "auto";
    /// <summary>Changes to a dense run's plan (null: not given); a sweep's plan refuses every one.</summary>
    public ImpPlanChanges Changes { get; init; } = new();
}

/// <summary>What `imp --dense` may change in the dense run's plan; null: keep.</summary>
public sealed record ImpPlanChanges(int? Epochs = null, double? ConvRate = null, double? FcRate = null, bool? PruneOutput = null, bool? PruneBatchNorm = null, bool? PerLayer = null,
    string? Rewind = null)
{
    /// <summary>The flags given, by name (what `--sweep` refuses).</summary>
    public IEnumerable<string> Given()
    {
        if (Epochs is not null) yield return "--epochs";
        if (ConvRate is not null) yield return "--conv-rate";
        if (FcRate is not null) yield return "--fc-rate";
        if (PruneOutput is not null) yield return "--prune-output";
        if (PruneBatchNorm is not null) yield return "--prune-batchnorm";
        if (PerLayer is not null) yield return "--per-layer";
        if (Rewind is not null) yield return "--rewind";
    }
}
