namespace ActorPipeline.Ml.Data;

/// <summary>
/// One classification problem of the paper (Table 1): a subset of the CIFAR-10 classes. Local labels
/// are 0..k-1 in the order of <see cref="ClassIds"/> (the order the paper adds the classes in).
/// </summary>
public sealed record ProblemDefinition
{
    public ProblemDefinition(string name, IReadOnlyList<int> classIds, bool earlyStoppingByDefault)
    {
        if (classIds.Count == 0 || classIds.Distinct().Count() != classIds.Count || classIds.Any(c => c is < 0 or >= Cifar10Format.ClassCount))
            throw new ArgumentException($"Problem {name}: class ids must be distinct CIFAR-10 ids 0..9, got [{string.Join(", ", classIds)}].", nameof(classIds));
        Name = name;
        ClassIds = classIds;
        ClassNames = classIds.Select(c => Cifar10Format.ClassNames[c]).ToList();
        EarlyStoppingByDefault = earlyStoppingByDefault;
        _localLabel = Enumerable.Repeat(-1, Cifar10Format.ClassCount).ToArray();
        for (int i = 0; i < classIds.Count; i++) _localLabel[classIds[i]] = i;
    }

    private readonly int[] _localLabel;

    public string Name { get; }

    /// <summary>CIFAR-10 class ids; position i is local label i.</summary>
    public IReadOnlyList<int> ClassIds { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int ClassCount => ClassIds.Count;

    /// <summary>Whether the paper trains this problem with early stopping (and hence a validation split): Cifar8 and Cifar10.</summary>
    public bool EarlyStoppingByDefault { get; }

    public bool Contains(int cifarClass) => cifarClass is >= 0 and < Cifar10Format.ClassCount && _localLabel[cifarClass] >= 0;

    /// <summary>The 0..k-1 label of a CIFAR-10 class of this problem.</summary>
    public byte LocalLabel(int cifarClass) =>
        Contains(cifarClass) ? (byte)_localLabel[cifarClass] : throw new ArgumentOutOfRangeException(nameof(cifarClass), cifarClass, $"Class {Cifar10Format.Describe(cifarClass)} is not part of {Name}.");

    public override string ToString() => $"{Name} ({string.Join(", ", ClassNames)})";
}
