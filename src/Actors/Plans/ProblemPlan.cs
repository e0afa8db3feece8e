namespace ActorPipeline.Actors.Plans;

/// <summary>
/// Everything one problem of a sweep needs, fully resolved (no "default" left to interpret): the dense
/// training, the IMP repetitions and the similarity measurement. Part of the sweep's identity.
/// </summary>
public sealed record ProblemPlan
{
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
    public int BatchSize { get; init; } = 128;
    public bool Augment { get; init; } = true;
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public required int ProbeSize { get; init; }
    public int ProbeBatchSize { get; init; } = 250;
    public required IReadOnlyList<string> Metrics { get; init; }
    public double VarianceFraction { get; init; } = 0.99;

    public string Key => Problem.ToLowerInvariant();

    /// <summary>Steps of all repetitions: each iteration is trained, then measured. Derived, so not part of the sweep's identity.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int StepsPlanned => 2 * Iterations * Repetitions;

    public void Validate()
    {
        if (DenseEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(DenseEpochs), DenseEpochs, $"{Problem}: dense epochs must be positive.");
        if (ImpEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(ImpEpochs), ImpEpochs, $"{Problem}: IMP epochs must be positive.");
        if (RewindEpoch < 0 || RewindEpoch > DenseEpochs)
            throw new ArgumentOutOfRangeException(nameof(RewindEpoch), RewindEpoch, $"{Problem}: the rewind epoch must lie in 0..{DenseEpochs} (the dense epochs).");
        if (ConvRate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(ConvRate), ConvRate, $"{Problem}: the conv pruning rate must lie in [0, 1).");
        if (FcRate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(FcRate), FcRate, $"{Problem}: the fc pruning rate must lie in [0, 1).");
        if (Iterations <= 0) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{Problem}: IMP iterations must be positive.");
        if (Repetitions <= 0) throw new ArgumentOutOfRangeException(nameof(Repetitions), Repetitions, $"{Problem}: repetitions must be positive.");
        if (ProbeSize <= 1) throw new ArgumentOutOfRangeException(nameof(ProbeSize), ProbeSize, $"{Problem}: the probe set needs at least 2 images.");
        if (ProbeBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(ProbeBatchSize), ProbeBatchSize, $"{Problem}: the probe batch size must be positive.");
        if (Metrics.Count == 0) throw new ArgumentException($"{Problem}: at least one similarity metric is needed.", nameof(Metrics));
        if (VarianceFraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(VarianceFraction), VarianceFraction, $"{Problem}: the SVCCA variance fraction must lie in (0, 1].");
    }
}
