namespace ActorPipeline.Actors.Problems;

/// <summary>
/// A piece of a problem's work that is offered as one assignment at a time: its dense training, or one repetition.
/// Value equality: two offers of the same work are the same work (never two live assignments of one).
/// </summary>
public abstract record ProblemWork;

/// <summary>The problem's dense training.</summary>
public sealed record DenseWork : ProblemWork
{
    public static DenseWork Instance { get; } = new();

    public override string ToString() => "dense training";
}

/// <summary>One repetition, from its first unrecorded step.</summary>
public sealed record RepetitionWork(int Repetition) : ProblemWork
{
    public override string ToString() => $"repetition {Repetition}";
}
