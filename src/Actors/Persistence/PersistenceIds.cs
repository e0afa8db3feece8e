namespace ActorPipeline.Actors.Persistence;

/// <summary>The journal names of a sweep's persistent actors, defined once for the actors that write and the readers that replay them.</summary>
public static class PersistenceIds
{
    public static string Sweep(string sweepId) => $"sweep-{sweepId}";

    public static string Problem(string sweepId, string problem) => $"problem-{sweepId}-{problem.ToLowerInvariant()}";
}
