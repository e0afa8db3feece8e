namespace ActorPipeline.Ml.Similarity;

/// <summary>One layer shape of bench-similarity: (n, channels) when fully connected, else (n, channels, size, size).</summary>
public sealed record SimilarityBenchmarkCase(string Name, int Channels, int Size)
{
    public static IReadOnlyList<SimilarityBenchmarkCase> All { get; } =
    [
        new("fc", 1024, 0),
        new("conv32", 64, 32),
        new("conv8", 256, 8),
    ];

    public static SimilarityBenchmarkCase Get(string name) =>
        All.FirstOrDefault(c => c.Name == name.Trim().ToLowerInvariant())
        ?? throw new ArgumentException($"Unknown bench-similarity case \"{name}\"; use {string.Join(", ", All.Select(c => c.Name))}.");

    public bool IsConv => Size > 0;

    /// <summary>Datapoints per input image: every spatial position of a conv layer.</summary>
    public long PositionsPerInput => IsConv ? (long)Size * Size : 1;

    public long[] Shape(long inputs) => IsConv ? [inputs, Channels, Size, Size] : [inputs, Channels];

    public string Describe(long inputs) => $"({string.Join(" × ", Shape(inputs))})";
}
