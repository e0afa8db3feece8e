namespace ActorPipeline.Host.Reports;

/// <summary>One panel of figure 2 (one problem, one metric): layers in network order on x, one curve per IMP iteration.</summary>
/// <param name="Layers">Layer names in network order; curve points refer to them by position.</param>
public sealed record SimilarityFigureData(string Problem, string Metric, IReadOnlyList<string> Layers, IReadOnlyList<SimilarityCurve> Curves);

/// <summary>One IMP iteration's median similarity per layer (layers without a value are left out).</summary>
public sealed record SimilarityCurve(int Iteration, IReadOnlyList<LayerValue> Points);

/// <summary>A layer's position on figure 2's x axis (0-based, network order), its name, the median value and how many repetitions it rests on.</summary>
public sealed record LayerValue(int Position, string Layer, double Value, int Repetitions);
