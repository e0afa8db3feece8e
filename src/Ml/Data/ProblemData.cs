namespace ActorPipeline.Ml.Data;

/// <summary>
/// The images of one problem's splits, with labels remapped to the problem's 0..k-1 (see
/// <see cref="ProblemDefinition"/>). <see cref="Validation"/> is null when the split has none.
/// </summary>
public sealed class ProblemData
{
    private ProblemData(ProblemSplit split, LabeledImages train, LabeledImages? validation, LabeledImages test, LabeledImages probe)
    {
        Split = split;
        Train = train;
        Validation = validation;
        Test = test;
        Probe = probe;
    }

    public ProblemSplit Split { get; }
    public ProblemDefinition Problem => Split.Problem;
    public LabeledImages Train { get; }
    public LabeledImages? Validation { get; }
    public LabeledImages Test { get; }

    /// <summary>Non-augmented training images for the similarity measurements.</summary>
    public LabeledImages Probe { get; }

    public static ProblemData Build(Cifar10Dataset data, ProblemDefinition problem, long seed, ProblemSplitOptions? options = null) =>
        Build(data, ProblemSplit.Create(data, problem, seed, options));

    public static ProblemData Build(Cifar10Dataset data, ProblemSplit split) => new(
        split,
        Gather(data.Train, split.Train, split.Problem),
        split.HasValidation ? Gather(data.Train, split.Validation, split.Problem) : null,
        Gather(data.Test, split.Test, split.Problem),
        Gather(data.Train, split.Probe, split.Problem));

    private static LabeledImages Gather(LabeledImages source, IReadOnlyList<int> indices, ProblemDefinition problem)
    {
        var selected = source.Select(indices);
        var local = Array.ConvertAll(selected.Labels, label => problem.LocalLabel(label));
        return new LabeledImages(selected.Pixels, local, problem.ClassCount);
    }
}
