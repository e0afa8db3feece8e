namespace ActorPipeline.Actors.Similarity;

/// <summary>
/// The similarity actors' own threads (an Akka dispatcher; named a thread pool here so that "dispatcher" in this code
/// always means the sweep's work queue, <see cref="Dispatch.WorkDispatcher"/>): accumulating covariances and the
/// eigensolves/SVDs at the end of a measurement take seconds, and must never hold the default threads the journal and
/// supervisors need.
/// </summary>
public static class SimilarityThreadPool
{
    public const string Id = "actorpipeline.similarity-thread-pool";

    /// <summary>Threads of the pool: half the cores, at least 2 (the probing workers and training threads need the rest).</summary>
    public static int Threads { get; } = Math.Max(2, Environment.ProcessorCount / 2);

    public static string Hocon => $$"""
        actorpipeline.similarity-thread-pool {
          type = ForkJoinDispatcher
          throughput = 1
          dedicated-thread-pool { thread-count = {{Threads}}, threadtype = background }
        }
        """;
}
