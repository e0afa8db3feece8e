namespace ActorPipeline.Actors.Progress;

/// <summary>Reports on the caller's thread (System.Progress would post to a synchronization context the workers don't have).</summary>
public sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
