namespace ActorPipeline.Ml.Data;

/// <summary>
/// The paper's five problems (Table 1; its table prints "Dog" twice, the tenth class is frog). Each adds two
/// classes to the previous one; local labels follow this order, e.g. Cifar2: automobile → 0, truck → 1.
/// </summary>
public static class Problems
{
    public static ProblemDefinition Cifar2 { get; } = new("Cifar2", [1, 9], earlyStoppingByDefault: false);
    public static ProblemDefinition Cifar4 { get; } = new("Cifar4", [1, 9, 0, 8], earlyStoppingByDefault: false);
    public static ProblemDefinition Cifar6 { get; } = new("Cifar6", [1, 9, 0, 8, 3, 5], earlyStoppingByDefault: false);
    public static ProblemDefinition Cifar8 { get; } = new("Cifar8", [1, 9, 0, 8, 3, 5, 4, 7], earlyStoppingByDefault: true);
    public static ProblemDefinition Cifar10 { get; } = new("Cifar10", [1, 9, 0, 8, 3, 5, 4, 7, 2, 6], earlyStoppingByDefault: true);

    public static IReadOnlyList<ProblemDefinition> All { get; } = [Cifar2, Cifar4, Cifar6, Cifar8, Cifar10];

    /// <summary>The problem called <paramref name="name"/> (case-insensitive, e.g. "cifar2").</summary>
    public static ProblemDefinition Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown problem '{name}'; valid problems: {string.Join(", ", All.Select(p => p.Name.ToLowerInvariant()))}.", nameof(name));
}
