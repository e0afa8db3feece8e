namespace ActorPipeline.Ml.Training;

/// <summary>
/// How long the training-throughput benchmark runs: until <see cref="SteadyBatches"/> batches have been timed after the
/// steady state (<see cref="Rule"/>) began, or at most <see cref="MaxBatches"/> batches or <see cref="TimeLimit"/>.
/// </summary>
public sealed record ThroughputBenchmarkOptions
{
    public SteadyStateRule Rule { get; init; } = new();
    public int SteadyBatches { get; init; } = 40;
    public int MaxBatches { get; init; } = 400;
    public TimeSpan? TimeLimit { get; init; }

    public void Validate()
    {
        Rule.Validate();
        if (SteadyBatches < Rule.Window) throw new ArgumentOutOfRangeException(nameof(SteadyBatches), SteadyBatches, $"At least one window ({Rule.Window}) of steady batches must be timed.");
        if (MaxBatches < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatches), MaxBatches, "The benchmark must run at least one batch.");
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "The time limit must be positive.");
    }
}
