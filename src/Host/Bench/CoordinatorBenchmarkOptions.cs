using ActorPipeline.Host.Configuration;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// What the coordinator benchmark runs: <see cref="Nodes"/> simulated nodes of <see cref="Slots"/> slots each pull the
/// work of <see cref="Problems"/> (<see cref="Repetitions"/> each, or by default just enough to fill every slot) of
/// <see cref="Iterations"/> IMP iterations, against the journal of <see cref="Persistence"/> (SQLite in a temporary
/// folder unless PostgreSQL is given). <see cref="Seconds"/> stops it early; <see cref="Layers"/> tiny layers per
/// repetition keep the similarity actors in the loop (none by default); the nodes run on <see cref="NodeThreads"/>
/// threads of their own.
/// </summary>
internal sealed record CoordinatorBenchmarkOptions
{
    public int Nodes { get; init; } = 64;
    public int Slots { get; init; } = 8;
    public IReadOnlyList<string> Problems { get; init; } = ["cifar2", "cifar4", "cifar6", "cifar8", "cifar10"];
    /// <summary>Per problem; null: the slots spread over the problems (every slot busy, none of the work waiting for one).</summary>
    public int? Repetitions { get; init; }
    public int Iterations { get; init; } = 20;
    public PersistenceConfig Persistence { get; init; } = new();
    public double? Seconds { get; init; }
    public int Layers { get; init; }

    /// <summary>Live pages open during the run (clients of the page's event stream); 0: no page is served.</summary>
    public int Pages { get; init; }
    /// <summary>Threads of the simulated nodes' own thread pool (<see cref="NodeThreadPool"/>); 0: the nodes share the coordinator's threads.</summary>
    public int NodeThreads { get; init; } = DefaultNodeThreads;

    public static int DefaultNodeThreads { get; } = Math.Max(2, Environment.ProcessorCount / 2);

    public int TotalSlots => Nodes * Slots;

    /// <summary>The repetitions of each problem, in order.</summary>
    public IReadOnlyList<int> RepetitionsPerProblem() => Repetitions is { } each
        ? Problems.Select(_ => each).ToList()
        : Problems.Select((_, i) => TotalSlots / Problems.Count + (i < TotalSlots % Problems.Count ? 1 : 0)).ToList();

    public void Validate()
    {
        if (Nodes < 1) throw new ArgumentException("--nodes must be at least 1.");
        if (Slots < 1) throw new ArgumentException("--slots must be at least 1.");
        if (Problems.Count == 0) throw new ArgumentException("--problems needs at least one problem.");
        if (Problems.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Problems.Count) throw new ArgumentException("--problems lists a problem twice.");
        if (Repetitions is < 1) throw new ArgumentException("--repetitions must be at least 1.");
        if (Repetitions is null && TotalSlots < Problems.Count) throw new ArgumentException("Fewer slots than problems: give --repetitions.");
        if (Iterations < 1) throw new ArgumentException("--iterations must be at least 1.");
        if (Seconds is <= 0) throw new ArgumentException("--seconds must be positive.");
        if (Layers < 0) throw new ArgumentException("--layers must not be negative.");
        if (NodeThreads < 0) throw new ArgumentException("--node-threads must not be negative.");
        Persistence.Validate();
    }
}
