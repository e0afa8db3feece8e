namespace ActorPipeline.Host.Reports;

/// <summary>One panel of figure 2 (one problem, one metric): layers in network order on x, one curve per IMP iteration.</summary>
/// <param name="Layers">Layer names in network order; curve points refer to them by position.</param>
/// <param name="PlannedRepetitions">The repetitions the plan asked for (sweep.json); without one, the most any point of the panel has.</param>
public sealed record SimilarityFigureData(string Problem, string Metric, IReadOnlyList<string> Layers, IReadOnlyList<SimilarityCurve> Curves, int PlannedRepetitions)
{
    /// <summary>
    /// The seed noise floor per layer: the range of the metric over the dense networks retrained from other seeds, against
    /// the main one (results/seed-baseline.csv); empty without seed baselines. A pruned curve below it differs from the dense
    /// network by more than a retraining would.
    /// </summary>
    public IReadOnlyList<SeedBaselineRange> SeedBaseline { get; init; } = [];

    /// <summary>A point fewer repetitions reached than were planned (collapsed there, failed or still running).</summary>
    public bool ShortOfPlan(LayerValue point) => point.Repetitions < PlannedRepetitions;

    /// <summary>
    /// The points of <paramref name="curve"/> the figure labels with their n: each point short of the plan; but a curve short
    /// everywhere by the same count (a repetition failed or still running) only once, at its first point, not at every layer.
    /// </summary>
    public IReadOnlyList<LayerValue> CountLabels(SimilarityCurve curve)
    {
        var points = curve.Points.Where(ShortOfPlan).ToList();
        return points.Count == curve.Points.Count && points.Count > 1 && points.All(p => p.Repetitions == points[0].Repetitions) ? [points[0]] : points;
    }
}

/// <summary>A layer's range of a metric over the seed baselines (lowest to highest) and on how many baselines it rests.</summary>
public sealed record SeedBaselineRange(int Position, string Layer, double Low, double High, int Baselines);

/// <summary>One IMP iteration's median similarity per layer (layers without a value are left out).</summary>
public sealed record SimilarityCurve(int Iteration, IReadOnlyList<LayerValue> Points);

/// <summary>
/// A layer's position on figure 2's x axis (0-based, network order), its name, the median value, how many repetitions it
/// rests on, and their interquartile range (the band).
/// </summary>
public sealed record LayerValue(int Position, string Layer, double Value, int Repetitions, double LowerQuartile, double UpperQuartile);
