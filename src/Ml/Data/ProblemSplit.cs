namespace ActorPipeline.Ml.Data;

/// <summary>
/// Which CIFAR-10 images make up a problem's splits, as ascending indices into the CIFAR-10 training
/// set (<see cref="Train"/>, <see cref="Validation"/>, <see cref="Probe"/>) or test set (<see cref="Test"/>).
/// A pure function of the labels, the problem, the seed and the options: every selection uses its own
/// <see cref="SplitMix64"/> stream derived from the seed.
/// </summary>
public sealed record ProblemSplit(
    ProblemDefinition Problem,
    long Seed,
    bool HasValidation,
    IReadOnlyList<int> Train,
    IReadOnlyList<int> Validation,
    IReadOnlyList<int> Test,
    IReadOnlyList<int> Probe)
{
    // Purposes of the per-selection random streams; fixed forever, or old seeds would select other images.
    private const ulong TrainCapStream = 1, TestCapStream = 2, ValidationStream = 3, ProbeStream = 4;

    public static ProblemSplit Create(Cifar10Dataset data, ProblemDefinition problem, long seed, ProblemSplitOptions? options = null) =>
        Create(data.Train.Labels, data.Test.Labels, problem, seed, options);

    /// <summary>
    /// Order of work: the problem's training images → optional stratified cap → probe (random, from these)
    /// → stratified validation hold-out → train = the rest. Test: the problem's test images → optional cap.
    /// </summary>
    public static ProblemSplit Create(byte[] trainLabels, byte[] testLabels, ProblemDefinition problem, long seed, ProblemSplitOptions? options = null)
    {
        options ??= ProblemSplitOptions.Default;
        options.Validate();

        var pool = InProblem(trainLabels, problem);
        if (options.TrainCap is { } trainCap)
            pool = StratifiedCap(pool, trainLabels, problem, trainCap, SplitMix64.ForPurpose(seed, TrainCapStream), "training");

        var probe = RandomSubset(pool, Math.Min(options.ProbeSize, pool.Length), SplitMix64.ForPurpose(seed, ProbeStream));

        bool hasValidation = options.UseValidation ?? problem.EarlyStoppingByDefault;
        int[] validation = [];
        if (hasValidation)
        {
            var random = SplitMix64.ForPurpose(seed, ValidationStream);
            validation = ByClass(pool, trainLabels, problem)
                .SelectMany(members => RandomSubset(members, (int)Math.Round(members.Length * options.ValidationFraction, MidpointRounding.AwayFromZero), random))
                .Order().ToArray();
        }
        var train = validation.Length == 0 ? pool : pool.Except(validation).ToArray(); // Except keeps pool order (ascending)

        var test = InProblem(testLabels, problem);
        if (options.TestCap is { } testCap)
            test = StratifiedCap(test, testLabels, problem, testCap, SplitMix64.ForPurpose(seed, TestCapStream), "test");

        return new ProblemSplit(problem, seed, hasValidation, train, validation, test, probe);
    }

    private static int[] InProblem(byte[] labels, ProblemDefinition problem) =>
        Enumerable.Range(0, labels.Length).Where(i => problem.Contains(labels[i])).ToArray();

    /// <summary>The members of <paramref name="pool"/> per local class (in local label order).</summary>
    private static int[][] ByClass(int[] pool, byte[] labels, ProblemDefinition problem) =>
        problem.ClassIds.Select(c => pool.Where(i => labels[i] == c).ToArray()).ToArray();

    /// <summary><paramref name="count"/> items of <paramref name="items"/> uniformly at random, returned ascending.</summary>
    private static int[] RandomSubset(int[] items, int count, SplitMix64 random)
    {
        var copy = (int[])items.Clone();
        random.ShufflePrefix(copy.AsSpan(), count);
        var chosen = copy[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// <paramref name="total"/> items with each class in proportion to its share of the pool (largest
    /// remainder, ties to the lower local label), each class sampled at random. A cap at or above the pool size keeps everything.
    /// </summary>
    private static int[] StratifiedCap(int[] pool, byte[] labels, ProblemDefinition problem, int total, SplitMix64 random, string what)
    {
        if (total >= pool.Length) return pool;
        var classes = ByClass(pool, labels, problem);
        var exact = classes.Select(m => (double)m.Length * total / pool.Length).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var c in Enumerable.Range(0, counts.Length).OrderByDescending(c => exact[c] - counts[c]).ThenBy(c => c).Take(total - counts.Sum()))
            counts[c]++;
        if (counts.Any(n => n == 0))
            throw new ArgumentOutOfRangeException(nameof(total), total, $"A {what} cap of {total} leaves some class of {problem.Name} without images; use at least {problem.ClassCount}.");
        return classes.SelectMany((members, c) => RandomSubset(members, counts[c], random)).Order().ToArray();
    }
}
