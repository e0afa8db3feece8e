namespace ActorPipeline.Ml.Similarity;

/// <summary>Names of <see cref="SimilarityMetric"/> as the CLI and JSON output spell them.</summary>
public static class SimilarityMetrics
{
    public static IReadOnlyList<SimilarityMetric> All { get; } = Enum.GetValues<SimilarityMetric>();

    /// <summary>google/svcca's "mean" of the SVCCA correlations, reported beside svcca whenever svcca is computed.</summary>
    public const string SvccaGoogleMean = "svcca_google_mean";

    /// <summary>Every value a measurement reports, in column order: the metrics, with Google's SVCCA mean after svcca.</summary>
    public static IReadOnlyList<string> ResultNames { get; } =
        All.SelectMany(m => m == SimilarityMetric.Svcca ? [Name(m), SvccaGoogleMean] : new[] { Name(m) }).ToList();

    /// <summary>The values computing <paramref name="metrics"/> reports, in column order (svcca brings svcca_google_mean).</summary>
    public static IReadOnlyList<string> ResultNamesOf(IEnumerable<SimilarityMetric> metrics)
    {
        var asked = metrics.Select(Name).ToHashSet();
        return ResultNames.Where(name => asked.Contains(name == SvccaGoogleMean ? Name(SimilarityMetric.Svcca) : name)).ToList();
    }

    /// <summary>"svcca,cka" → [Svcca, Cka], in the order given, duplicates removed; unknown names are an error listing the known ones.</summary>
    public static IReadOnlyList<SimilarityMetric> Parse(string commaList)
    {
        var names = commaList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw new ArgumentException($"No similarity metric given; choose from {string.Join(",", All.Select(Name))}.");
        var parsed = new List<SimilarityMetric>();
        foreach (var name in names)
        {
            var metric = All.Where(m => Name(m) == name.ToLowerInvariant()).Cast<SimilarityMetric?>().FirstOrDefault()
                ?? throw new ArgumentException($"Unknown similarity metric \"{name}\"; choose from {string.Join(",", All.Select(Name))}.");
            if (!parsed.Contains(metric)) parsed.Add(metric);
        }
        return parsed;
    }

    public static string Name(SimilarityMetric metric) => metric switch
    {
        SimilarityMetric.Svcca => "svcca",
        SimilarityMetric.Cca => "cca",
        SimilarityMetric.Pwcca => "pwcca",
        SimilarityMetric.Cka => "cka",
        SimilarityMetric.Nbs => "nbs",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };
}
