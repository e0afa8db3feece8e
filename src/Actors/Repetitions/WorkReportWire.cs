using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// A worker's report to and from the wire: <see cref="ToWire"/> where it leaves its node (the assignment's runner),
/// <see cref="FromWire"/> where it arrives (the problem supervisor). Weights paths are absolute on either node and
/// relative to the sweep root on the wire, each node resolving them against its own mount of the shared folder.
/// </summary>
public static class WorkReportWire
{
    /// <param name="node">The node the report leaves: its steps' provenance names it.</param>
    public static AssignmentReport ToWire(string assignmentId, IWorkReport report, string sweepRoot, string node = "") => report switch
    {
        DenseTrainedReport { Outcome: var o } => new AssignmentReport.DenseTrained(assignmentId,
            SweepPaths.Relative(sweepRoot, o.FinalWeightsPath), SweepPaths.Relative(sweepRoot, o.RewindWeightsPath), o.Epochs, o.TestAccuracy)
        {
            SeedBaselines = o.SeedBaselines.Select(b => new SeedBaselineValue(b.Baseline, b.Seed, b.Epochs, b.TestAccuracy, b.Layers.Select(ToWire).ToList())).ToList(),
            Provenance = ToWire(o.Provenance, node),
        },
        DenseErrorReport f => new AssignmentReport.DenseError(assignmentId, f.Error, f.Deterministic),
        IterationTrainedReport { Outcome: var o } r => new AssignmentReport.IterationTrained(assignmentId, r.Repetition, o.Iteration,
            o.ConvSparsity, o.FcSparsity, o.OverallSparsity, o.TestAccuracy, o.Epochs) { Provenance = ToWire(o.Provenance, node) },
        SimilarityReport r => new AssignmentReport.IterationMeasured(assignmentId, r.Repetition, r.Iteration,
            r.Layers.Select(ToWire).ToList()) { Provenance = ToWire(r.Provenance, node) },
        RepetitionDoneReport r => new AssignmentReport.RepetitionDone(assignmentId, r.Repetition),
        RepetitionErrorReport f => new AssignmentReport.RepetitionError(assignmentId, f.Repetition, f.Error, f.Deterministic),
        StorageFaultReport f => new AssignmentReport.StorageFault(assignmentId, f.Path, f.Error),
        WorkerCrashReport f => new AssignmentReport.WorkerCrash(assignmentId, f.Error),
        _ => throw new ArgumentOutOfRangeException(nameof(report), report, $"{report.GetType().Name} has no wire form."),
    };

    public static IWorkReport FromWire(AssignmentReport wire, string sweepRoot) => wire switch
    {
        AssignmentReport.DenseTrained r => new DenseTrainedReport(new DenseOutcome(
            SweepPaths.Resolve(sweepRoot, r.FinalWeights), SweepPaths.Resolve(sweepRoot, r.RewindWeights), r.Epochs, r.TestAccuracy)
        {
            SeedBaselines = r.SeedBaselines.Select(b => new SeedBaselineResult(b.Baseline, b.Seed, b.Epochs, b.TestAccuracy, b.Layers.Select(FromWire).ToList())).ToList(),
            Provenance = FromWire(r.Provenance),
        }),
        AssignmentReport.DenseError r => new DenseErrorReport(r.Error, r.Deterministic),
        AssignmentReport.IterationTrained r => new IterationTrainedReport(r.Repetition,
            new IterationOutcome(r.Iteration, r.ConvSparsity, r.FcSparsity, r.OverallSparsity, r.TestAccuracy, r.Epochs) { Provenance = FromWire(r.Provenance) }),
        AssignmentReport.IterationMeasured r => new SimilarityReport(r.Repetition, r.Iteration,
            r.Layers.Select(FromWire).ToList()) { Provenance = FromWire(r.Provenance) },
        AssignmentReport.RepetitionDone r => new RepetitionDoneReport(r.Repetition),
        AssignmentReport.RepetitionError r => new RepetitionErrorReport(r.Repetition, r.Error, r.Deterministic),
        AssignmentReport.StorageFault r => new StorageFaultReport(r.File, r.Error),
        AssignmentReport.WorkerCrash r => new WorkerCrashReport(r.Error),
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, $"{wire.GetType().Name} is not a report this release knows."),
    };

    /// <summary>The compute's provenance with the node that sends it; none where the compute gave none.</summary>
    private static ProvenanceValue? ToWire(StepProvenance? p, string node) =>
        p is null ? null : new(node.Length > 0 ? node : p.Node, p.Device, p.DeviceName, p.Libtorch, p.TorchSharp, p.Threads, p.Deterministic, p.DataMd5);

    private static StepProvenance? FromWire(ProvenanceValue? p) =>
        p is null ? null : new(p.Node, p.Device, p.DeviceName, p.Libtorch, p.TorchSharp, p.Threads, p.Deterministic, p.DataMd5);

    private static LayerMeasurement ToWire(LayerSimilarity l) => new(l.Layer, l.LayerIndex, l.Datapoints, l.Values, l.Undefined, l.Warnings)
    {
        IntrinsicDimension = ToWire(l.IntrinsicDimension),
        DenseIntrinsicDimension = ToWire(l.DenseIntrinsicDimension),
    };

    private static LayerSimilarity FromWire(LayerMeasurement l) => new(l.Layer, l.LayerIndex, l.Datapoints, l.Values, l.Warnings)
    {
        Undefined = l.Undefined,
        IntrinsicDimension = FromWire(l.IntrinsicDimension),
        DenseIntrinsicDimension = FromWire(l.DenseIntrinsicDimension),
    };

    private static IntrinsicDimensionValue? ToWire(LayerIntrinsicDimension? id) =>
        id is null ? null : new(id.Dimension, id.Undefined, id.Points, id.Features, id.DuplicatePoints, id.TiedPoints);

    private static LayerIntrinsicDimension? FromWire(IntrinsicDimensionValue? id) =>
        id is null ? null : new(id.Dimension, id.Undefined, id.Points, id.Features, id.DuplicatePoints, id.TiedPoints);
}
