using ActorPipeline.Ml.Data;

namespace ActorPipeline.Host.Reports;

/// <summary>The paper's spelling of a problem (results and plans write "cifar2", the paper "Cifar2") and its classes.</summary>
public static class ProblemNames
{
    public static string Display(string problem) => Find(problem)?.Name ?? problem;

    /// <summary>The CIFAR-10 classes of a known problem, in the order the paper adds them; null for an unknown name.</summary>
    public static IReadOnlyList<string>? Classes(string problem) => Find(problem)?.ClassNames;

    private static ProblemDefinition? Find(string problem) =>
        Problems.All.FirstOrDefault(p => string.Equals(p.Name, problem.Trim(), StringComparison.OrdinalIgnoreCase));
}
