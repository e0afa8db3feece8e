using System.Text.Json.Serialization;

namespace ActorPipeline.Actors.Wire;

/// <summary>
/// A worker's report as it leaves its node, with the assignment it belongs to: the supervisor drops it unless that
/// assignment is still live. One record per kind, each under its own manifest; paths are relative to the sweep root.
/// </summary>
public abstract record AssignmentReport([property: JsonPropertyOrder(-1)] string AssignmentId) : IWireMessage
{
    /// <summary>After this report the attempt is over (finished or failed): every kind but the two step reports.</summary>
    public bool EndsAttempt() => this is not (IterationTrained or IterationMeasured);

    /// <summary>The dense network is trained; its weights files relative to the sweep root; its seed baselines (new in report-dense-trained.v2).</summary>
    public sealed record DenseTrained(string AssignmentId, string FinalWeights, string RewindWeights, int Epochs, double TestAccuracy) : AssignmentReport(AssignmentId)
    {
        public IReadOnlyList<SeedBaselineValue> SeedBaselines { get; init; } = [];

        /// <summary>Where and how it was trained (new in report-dense-trained.v3).</summary>
        public ProvenanceValue? Provenance { get; init; }
    }

    /// <summary>A dense training attempt failed; <paramref name="Deterministic"/>: it would fail the same way again.</summary>
    public sealed record DenseError(string AssignmentId, string Error, bool Deterministic) : AssignmentReport(AssignmentId);

    /// <summary>An IMP iteration is trained; answered with <see cref="StepRecorded"/> once recorded.</summary>
    public sealed record IterationTrained(
        string AssignmentId, int Repetition, int Iteration, double ConvSparsity, double FcSparsity, double OverallSparsity, double TestAccuracy, int Epochs)
        : AssignmentReport(AssignmentId)
    {
        /// <summary>Where and how it was trained (new in report-iteration-trained.v2).</summary>
        public ProvenanceValue? Provenance { get; init; }
    }

    /// <summary>Every layer of an iteration is measured; answered with <see cref="StepRecorded"/> once recorded.</summary>
    public sealed record IterationMeasured(string AssignmentId, int Repetition, int Iteration, IReadOnlyList<LayerMeasurement> Layers) : AssignmentReport(AssignmentId)
    {
        /// <summary>Where and how it was measured (new in report-iteration-measured.v3).</summary>
        public ProvenanceValue? Provenance { get; init; }
    }

    /// <summary>Every iteration of the repetition is recorded.</summary>
    public sealed record RepetitionDone(string AssignmentId, int Repetition) : AssignmentReport(AssignmentId);

    /// <summary>An attempt at a repetition failed; <paramref name="Deterministic"/>: it would fail the same way again.</summary>
    public sealed record RepetitionError(string AssignmentId, int Repetition, string Error, bool Deterministic) : AssignmentReport(AssignmentId);

    /// <summary>
    /// An artifact could not be written: the storage's fault, not the work's. <paramref name="File"/> is the file as the
    /// node named it, for the log line (the coordinator never opens it).
    /// </summary>
    public sealed record StorageFault(string AssignmentId, string File, string Error) : AssignmentReport(AssignmentId);

    /// <summary>The worker stopped without a report of its own (it threw: a bug).</summary>
    public sealed record WorkerCrash(string AssignmentId, string Error) : AssignmentReport(AssignmentId);
}

/// <summary>
/// One layer's metrics at an iteration: <paramref name="Values"/> by metric name, the metrics that are undefined on the
/// layer with their reason (<paramref name="Undefined"/>), how many data points went in and the measurement's warnings,
/// and its intrinsic dimensions where the plan asks for them.
/// </summary>
public sealed record LayerMeasurement(
    string Layer, int LayerIndex, long Datapoints, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, string> Undefined, IReadOnlyList<string> Warnings)
{
    /// <summary>The pruned network's intrinsic dimension of the layer; null when not measured (new in report-iteration-measured.v2).</summary>
    public IntrinsicDimensionValue? IntrinsicDimension { get; init; }

    /// <summary>The dense network's, where this measurement took it.</summary>
    public IntrinsicDimensionValue? DenseIntrinsicDimension { get; init; }
}
