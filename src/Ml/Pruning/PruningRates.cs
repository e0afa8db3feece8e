namespace ActorPipeline.Ml.Pruning;

/// <summary>The one rule for a per-iteration pruning rate (a fraction of the surviving parameters), shared by every place that takes one.</summary>
public static class PruningRates
{
    public const string Rule = "must lie in [0, 1)";

    // NaN fails both comparisons, so it is rejected too.
    public static bool IsValid(double rate) => rate >= 0 && rate < 1;
}
