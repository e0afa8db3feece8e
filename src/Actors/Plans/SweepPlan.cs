using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Plans;

/// <summary>
/// A whole sweep as the actors see it: its identity (a hash of the settings that change results), the
/// folder where artifacts live, the problems, and how failures are retried.
/// </summary>
public sealed record SweepPlan
{
    /// <summary>Hash of the normalized settings: the same command resumes the same sweep.</summary>
    public required string SweepId { get; init; }
    /// <summary>Weights, masks and checkpoints, one folder per problem and repetition.</summary>
    public required string ArtifactFolder { get; init; }
    public required IReadOnlyList<ProblemPlan> Problems { get; init; }
    public RetryPolicy Retries { get; init; } = new();
    /// <summary>The md5 of the data the sweep runs on: a worker node checks its own copy against it before it pulls work.</summary>
    public string DataChecksum { get; init; } = "";

    public static string ProblemFolder(string artifactFolder, string problem) => Path.Combine(artifactFolder, problem.ToLowerInvariant());
    public static string DenseFolder(string artifactFolder, string problem) => Path.Combine(ProblemFolder(artifactFolder, problem), "dense");
    public static string RepetitionFolder(string artifactFolder, string problem, int repetition) =>
        Path.Combine(ProblemFolder(artifactFolder, problem), $"rep-{repetition:D2}");
}

/// <summary>How a failing dense training or repetition is restarted before it is recorded as failed.</summary>
public sealed record RetryPolicy
{
    public int MaxRetries { get; init; } = 3;
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based): the minimum, doubling, capped at the maximum.</summary>
    public TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(MinBackoff.TotalSeconds * Math.Pow(2, attempt - 1), MaxBackoff.TotalSeconds));
}
