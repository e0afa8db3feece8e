namespace ActorPipeline.Ml;

/// <summary>
/// A failure that follows from the inputs alone (the plan, the recorded weights, the probe set): the same step
/// fails the same way on every try, so retrying cannot help. The supervisor records it at once instead of
/// retrying it like a transient fault. A degenerate measurement is not one of these: it is a result.
/// </summary>
public sealed class DeterministicFailureException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Whether <paramref name="failure"/> or an exception inside it is deterministic.</summary>
    public static bool IsIn(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DeterministicFailureException) return true;
            // several failures together are deterministic only if each is: one transient among them may succeed next time
            if (e is AggregateException aggregate) return aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsIn);
        }
        return false;
    }
}
