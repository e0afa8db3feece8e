using ActorPipeline.Ml.Devices;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// What the training-throughput benchmark measured for one network: the warm-up (batches before the steady state,
/// their time and rate) and the steady state (its rate), from per-batch times of the real training step.
/// <see cref="Settled"/> is false when the batch times did not settle within the benchmark's limits; the steady
/// figures are then those of the last batches, and rough.
/// </summary>
public sealed record ThroughputMeasurement(
    string Problem,
    long Parameters,
    int BatchSize,
    IReadOnlyList<double> BatchSeconds,
    IReadOnlyList<long> BatchImages,
    int WarmupBatches,
    bool Settled,
    CpuContention? Contention)
{
    public int SteadyBatches => BatchSeconds.Count - WarmupBatches;
    public double FirstBatchMilliseconds => BatchSeconds.Count > 0 ? BatchSeconds[0] * 1000 : double.NaN;
    public double WarmupSeconds => BatchSeconds.Take(WarmupBatches).Sum();
    public double WarmupImagesPerSecond => Rate(0, WarmupBatches);
    public double SteadyImagesPerSecond => Rate(WarmupBatches, SteadyBatches);
    public double SteadyMillisecondsPerBatch => SteadyBatches == 0 ? double.NaN : BatchSeconds.Skip(WarmupBatches).Sum() * 1000 / SteadyBatches;

    private double Rate(int start, int count)
    {
        if (count == 0) return double.NaN;
        double seconds = BatchSeconds.Skip(start).Take(count).Sum();
        return BatchImages.Skip(start).Take(count).Sum() / seconds;
    }
}
