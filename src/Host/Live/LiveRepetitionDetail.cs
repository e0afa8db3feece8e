using ActorPipeline.Actors.Problems;

namespace ActorPipeline.Host.Live;

/// <summary>
/// One repetition as the page's detail view shows it: each recorded iteration (sparsity, accuracy, per-layer similarity),
/// its attempts and failures, and where its traces are (the --trace-url template filled in, else the tags to search for).
/// </summary>
public sealed record LiveRepetitionDetail(
    string Problem, int Repetition, double? DenseAccuracy, int Attempts, string? LastError, string? Failure, string? TraceUrl, string TraceSearch,
    IReadOnlyList<LiveIterationDetail> Iterations)
{
    public static LiveRepetitionDetail? Of(LiveSweepSource source, IReadOnlyList<ProblemState> states, string problem, int repetition, string? traceUrlTemplate)
    {
        var plan = source.Manifest.Plan.Problems.FirstOrDefault(p => string.Equals(p.Problem, problem, StringComparison.OrdinalIgnoreCase));
        if (plan is null || repetition < 0 || repetition >= plan.Repetitions) return null;
        var state = states.FirstOrDefault(s => s.Problem == plan.Problem) ?? new ProblemState(plan.Problem);
        var rep = state.Repetition(repetition);
        var iterations = rep.Trained.Select(t => new LiveIterationDetail(t.Key, t.Value.OverallSparsity, t.Value.TestAccuracy,
                rep.Similarity.TryGetValue(t.Key, out var measured)
                    ? measured.Layers.OrderBy(l => l.LayerIndex).Select(l => new LiveLayerDetail(l.Layer, l.Values.Where(v => !l.Undefined.ContainsKey(v.Key)).ToDictionary(), l.Undefined)
                    {
                        IntrinsicDimension = l.IntrinsicDimension?.Dimension,
                        DenseIntrinsicDimension = l.DenseIntrinsicDimension?.Dimension,
                    }).ToList()
                    : null))
            .ToList();
        string search = $"sweep.id={source.Manifest.SweepId} problem={plan.Problem} repetition={repetition}";
        string? url = traceUrlTemplate?.Replace("{sweep}", Uri.EscapeDataString(source.Manifest.SweepId)).Replace("{problem}", Uri.EscapeDataString(plan.Problem))
            .Replace("{repetition}", repetition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LiveRepetitionDetail(plan.Problem, repetition, state.Dense?.TestAccuracy, rep.Attempts, rep.LastError, rep.Failure, url, search, iterations);
    }
}

/// <summary>A recorded IMP iteration: its sparsity and accuracy, and its layers' similarities once measured (null before).</summary>
public sealed record LiveIterationDetail(int Iteration, double Sparsity, double TestAccuracy, IReadOnlyList<LiveLayerDetail>? Layers);

/// <summary>One layer's values by metric; a metric undefined on the layer (collapsed) is in <paramref name="Undefined"/> with its reason.</summary>
public sealed record LiveLayerDetail(string Layer, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, string> Undefined)
{
    /// <summary>The pruned network's TwoNN intrinsic dimension of the layer (intrinsic_dimension: all); null when not measured or undefined.</summary>
    public double? IntrinsicDimension { get; init; }

    /// <summary>The dense network's, on the measurement that took it (once per problem); null otherwise.</summary>
    public double? DenseIntrinsicDimension { get; init; }
}
