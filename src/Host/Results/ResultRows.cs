using System.Globalization;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Reports;

namespace ActorPipeline.Host.Results;

/// <summary>
/// The rows of a sweep's results, folded from the problems' journal states in a fixed order (problem,
/// repetition, iteration, layer), so two runs of the same sweep give byte-identical files.
/// Iteration 0 is the dense network (sparsity 0), repeated for every repetition.
/// </summary>
public static class ResultRows
{
    // The columns are the ones the report reads (AccuracyCsv, SimilarityCsv): one schema, written and read.
    private static readonly IReadOnlyList<string> MetricColumns = SimilarityCsv.KnownMetrics;
    public static readonly IReadOnlyList<string> AccuracyHeader = AccuracyCsv.Columns;
    // the undefined columns come last, so readers that pick columns by position before them keep working
    public static readonly IReadOnlyList<string> SimilarityHeader = [.. SimilarityCsv.KeyColumns, .. MetricColumns, .. SimilarityCsv.AnnotationColumns];

    /// <summary>The rows of accuracy.csv, each field formatted (the file's writer quotes where needed).</summary>
    public static IEnumerable<IReadOnlyList<string>> Accuracy(IEnumerable<ProblemState> problems)
    {
        foreach (var problem in problems)
        {
            if (problem.Dense is not { } dense) continue;
            foreach (var (repetition, state) in problem.Repetitions.Where(r => r.Key >= 0))
            {
                yield return Join(problem.Problem, repetition, 0, 0.0, 0.0, 0.0, dense.TestAccuracy);
                foreach (var (iteration, trained) in state.Trained)
                    yield return Join(problem.Problem, repetition, iteration, trained.ConvSparsity, trained.FcSparsity, trained.OverallSparsity, trained.TestAccuracy);
            }
        }
    }

    /// <summary>The rows of similarity.csv, each field formatted (the file's writer quotes where needed).</summary>
    public static IEnumerable<IReadOnlyList<string>> Similarity(IEnumerable<ProblemState> problems)
    {
        foreach (var problem in problems)
        foreach (var (repetition, state) in problem.Repetitions.Where(r => r.Key >= 0))
        foreach (var (iteration, measured) in state.Similarity)
        foreach (var layer in measured.Layers.OrderBy(l => l.LayerIndex))
            // an undefined value's cell is empty (never NaN): the undefined column tells it from a metric not asked for
            yield return [.. new object[] { problem.Problem, repetition, iteration, layer.Layer, layer.LayerIndex }.Select(Format)
                .Concat(MetricColumns.Select(m => layer.Values.TryGetValue(m, out var v) ? Format(v) : ""))
                .Append(SimilarityCsv.UndefinedCell(layer.Undefined))
                .Append(layer.IsDegenerate ? SimilarityCsv.ReasonCell(layer.Undefined) : "")];
    }

    public static readonly IReadOnlyList<string> ProvenanceHeader = ProvenanceCsv.Columns;

    /// <summary>The rows of provenance.csv: every recorded step (the dense training, each iteration trained, each measured) and where and how it was computed; empty cells for a step recorded before provenance was.</summary>
    public static IEnumerable<IReadOnlyList<string>> Provenance(IEnumerable<ProblemState> problems)
    {
        foreach (var problem in problems)
        {
            if (problem.Dense is { } dense) yield return ProvenanceRow(problem.Problem, "", 0, ProvenanceCsv.DenseStep, dense.Provenance);
            foreach (var (repetition, state) in problem.Repetitions.Where(r => r.Key >= 0))
            foreach (int iteration in state.Trained.Keys.Union(state.Similarity.Keys).Order())
            {
                string rep = Format(repetition);
                if (state.Trained.TryGetValue(iteration, out var trained)) yield return ProvenanceRow(problem.Problem, rep, iteration, ProvenanceCsv.TrainedStep, trained.Provenance);
                if (state.Similarity.TryGetValue(iteration, out var measured)) yield return ProvenanceRow(problem.Problem, rep, iteration, ProvenanceCsv.MeasuredStep, measured.Provenance);
            }
        }
    }

    private static IReadOnlyList<string> ProvenanceRow(string problem, string repetition, int iteration, string step, Actors.Events.RecordedProvenance? p) =>
        [problem, repetition, Format(iteration), step, p?.Node ?? "", p?.Device ?? "", p?.DeviceName ?? "", p?.Libtorch ?? "", p?.TorchSharp ?? "",
            p is null ? "" : Format(p.Threads), p is null ? "" : p.Deterministic ? "true" : "false", p?.DataMd5 ?? ""];

    public static readonly IReadOnlyList<string> IntrinsicDimensionHeader = IntrinsicDimensionCsv.Columns;
    public static readonly IReadOnlyList<string> SeedBaselineHeader = SeedBaselineCsv.Columns;

    /// <summary>The rows of seed-baseline.csv: per problem, baseline and layer (probe order) the similarity with the main dense network.</summary>
    public static IEnumerable<IReadOnlyList<string>> SeedBaseline(IEnumerable<ProblemState> problems)
    {
        foreach (var problem in problems)
        foreach (var baseline in problem.Dense?.SeedBaselines.OrderBy(b => b.Baseline) ?? Enumerable.Empty<Actors.Events.SeedBaselineMeasured>())
        foreach (var layer in baseline.Layers.OrderBy(l => l.LayerIndex))
            yield return [.. new object[] { problem.Problem, baseline.Baseline, baseline.Seed, baseline.TestAccuracy, layer.Layer, layer.LayerIndex }.Select(Format)
                .Concat(MetricColumns.Select(m => layer.Values.TryGetValue(m, out var v) ? Format(v) : ""))
                .Append(SimilarityCsv.UndefinedCell(layer.Undefined))
                .Append(layer.IsDegenerate ? SimilarityCsv.ReasonCell(layer.Undefined) : "")];
    }

    /// <summary>
    /// The rows of intrinsic-dimension.csv: per problem the dense network's layers (iteration 0, with the repetition that
    /// measured them), then every measured pruned iteration's, with its overall sparsity.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> IntrinsicDimension(IEnumerable<ProblemState> problems)
    {
        foreach (var problem in problems)
        {
            var measured = problem.Repetitions.Where(r => r.Key >= 0).SelectMany(r => r.Value.Similarity.Values).ToList();
            foreach (var step in measured)
            foreach (var layer in step.Layers.OrderBy(l => l.LayerIndex))
                if (layer.DenseIntrinsicDimension is { } dense)
                    yield return IntrinsicDimensionRow(problem.Problem, step.Repetition, 0, 0.0, layer, dense);
            foreach (var step in measured)
            {
                double sparsity = problem.Repetitions[step.Repetition].Trained.TryGetValue(step.Iteration, out var trained) ? trained.OverallSparsity : double.NaN;
                foreach (var layer in step.Layers.OrderBy(l => l.LayerIndex))
                    if (layer.IntrinsicDimension is { } pruned)
                        yield return IntrinsicDimensionRow(problem.Problem, step.Repetition, step.Iteration, sparsity, layer, pruned);
            }
        }
    }

    // an undefined estimate's id cell is empty (never NaN), with the reason beside it
    private static string[] IntrinsicDimensionRow(string problem, int repetition, int iteration, double sparsity, Actors.Events.LayerMetrics layer, Actors.Events.IntrinsicDimensionEstimate id) =>
        [.. new object[] { problem, repetition, iteration, sparsity, layer.Layer, layer.LayerIndex }.Select(Format)
            .Append(id.Dimension is { } d ? Format(d) : "")
            .Concat(new object[] { id.Points, id.Features, id.DuplicatePoints, id.TiedPoints }.Select(Format))
            .Append(id.Dimension is null ? id.Undefined ?? "undefined" : "")];

    private static string[] Join(params object[] values) => [.. values.Select(Format)];

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
