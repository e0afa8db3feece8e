namespace ActorPipeline.Tests.Cluster;

/// <summary>
/// The tests that run a whole cluster as real processes (a coordinator, two or three workers, a reference run, a
/// PostgreSQL server; SLURM's daemons): one at a time, beside the rest of the suite. Four of them at once on a 2-core CI
/// machine starve the failure detector (a live worker downed and rejoining late) and add nothing to what each proves.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "cluster processes";
}
