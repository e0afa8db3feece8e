namespace ActorPipeline.Ml.Models;

/// <summary>The networks of the paper's Table 2, by problem name (cifar2 … cifar10).</summary>
public static class PaperArchitectures
{
    private static readonly Dictionary<string, (string Conv, string Fc)> Table2 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cifar2"] = ("16*, 16, MP", "256§"),
        ["cifar4"] = ("16*, 16, MP, 32*, 32, MP", "256§"),
        ["cifar6"] = ("64*, 64, MP, 128*, 128, MP, 256*, 256, MP", "256§"),
        ["cifar8"] = ("64*, 64*, MP, 128*, 128*, MP, 256*, 256*, MP, 512*, 512*, MP", "1024§*"),
        ["cifar10"] = ("64*, 64*, MP, 128*, 128*, MP, 256*, 256*, MP, 512*, 512*, MP", "1024§*"),
    };

    public static IReadOnlyCollection<string> ProblemNames => Table2.Keys;

    public static ArchitectureSpec For(string problem) =>
        Table2.TryGetValue(problem, out var notation)
            ? ArchitectureSpec.Parse(notation.Conv, notation.Fc)
            : throw new ArgumentException($"No Table 2 architecture for problem \"{problem}\"; known: {string.Join(", ", Table2.Keys)}.", nameof(problem));
}
