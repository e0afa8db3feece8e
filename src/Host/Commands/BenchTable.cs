using System.Globalization;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Host.Commands;

/// <summary>The table `bench` prints: per problem, the first batch, the warm-up and the steady state of the training step.</summary>
internal static class BenchTable
{
    public static string Header { get; } =
        $"{"problem",-8} {"params",11} {"images/epoch",12} {"1st batch ms",12} {"warm-up batches",15} {"warm-up s",9} {"warm-up img/s",13} {"steady img/s",12} {"ms/batch",9} {"timed",6}  note";

    public static string Row(ThroughputMeasurement m, int imagesPerEpoch)
    {
        var notes = new List<string>();
        if (!m.Settled) notes.Add($"not steady within {m.BatchSeconds.Count} batches: rough");
        if (m.Contention is { } contention) notes.Add(contention.Describe());
        return string.Create(CultureInfo.InvariantCulture,
            $"{m.Problem,-8} {m.Parameters,11:N0} {imagesPerEpoch,12:N0} {m.FirstBatchMilliseconds,12:F0} {m.WarmupBatches,15} {m.WarmupSeconds,9:F1} {m.WarmupImagesPerSecond,13:F0} {m.SteadyImagesPerSecond,12:F0} {m.SteadyMillisecondsPerBatch,9:F1} {m.SteadyBatches,6}  {string.Join("; ", notes)}");
    }
}
