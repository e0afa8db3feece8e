namespace ActorPipeline.Host.Reports;

/// <summary>Choices for <see cref="ReportGenerator.Generate"/>.</summary>
public sealed record ReportOptions
{
    /// <summary>
    /// Metrics that get a figure 2 grid, in this order; the first is the headline (shown first and selected).
    /// Null: every metric present in similarity.csv, headline svcca when present.
    /// </summary>
    public IReadOnlyList<string>? Figure2Metrics { get; init; }

    /// <summary>The time printed in the report; null: now (set it for reproducible output).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}
