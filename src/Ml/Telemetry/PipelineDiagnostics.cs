using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ActorPipeline.Ml.Telemetry;

/// <summary>
/// The one ActivitySource and Meter of the whole pipeline, defined here (the lowest project) so that
/// compute, actors and host all emit under the same name. Emitting costs next to nothing until a
/// listener (TelemetrySetup in the host) subscribes to <see cref="Name"/>.
/// </summary>
public static class PipelineDiagnostics
{
    public const string Name = "ActorPipeline";

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Training epochs finished (tags: problem, phase such as dense or imp).</summary>
    public static readonly Counter<long> EpochsCompleted =
        Meter.CreateCounter<long>("actorpipeline.training.epochs_completed", unit: "{epoch}", description: "Training epochs completed.");

    /// <summary>Training throughput of one epoch.</summary>
    public static readonly Histogram<double> ImagesPerSecond =
        Meter.CreateHistogram<double>("actorpipeline.training.images_per_second", unit: "{image}/s", description: "Training throughput per epoch.");

    /// <summary>Iterative magnitude pruning rounds finished (prune, rewind, retrain).</summary>
    public static readonly Counter<long> ImpIterationsCompleted =
        Meter.CreateCounter<long>("actorpipeline.imp.iterations_completed", unit: "{iteration}", description: "IMP iterations completed.");

    /// <summary>Times the sweep's journal became unavailable (the sweep paused until it came back).</summary>
    public static readonly Counter<long> JournalOutages =
        Meter.CreateCounter<long>("actorpipeline.journal.outages", unit: "{outage}", description: "Journal outages the sweep waited out or gave up on.");

    /// <summary>How long each journal outage lasted.</summary>
    public static readonly Histogram<double> JournalOutageSeconds =
        Meter.CreateHistogram<double>("actorpipeline.journal.outage_seconds", unit: "s", description: "Duration of journal outages.");

    private static double sweepProgress;

    /// <summary>Fraction of the sweep's jobs done, 0..1; read by an observable gauge at each metric export.</summary>
    public static readonly ObservableGauge<double> SweepProgress =
        Meter.CreateObservableGauge("actorpipeline.sweep.progress", () => Volatile.Read(ref sweepProgress), unit: "1", description: "Fraction of the sweep completed.");

    /// <summary>Sets the value the sweep-progress gauge reports; clamped to [0, 1].</summary>
    public static void ReportSweepProgress(double fraction) =>
        Volatile.Write(ref sweepProgress, double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1));

    /// <summary>The value the sweep-progress gauge reports now.</summary>
    public static double CurrentSweepProgress => Volatile.Read(ref sweepProgress);

    private static string Version => typeof(PipelineDiagnostics).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
