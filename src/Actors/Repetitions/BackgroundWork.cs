using Akka.Actor;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Runs a worker's blocking compute off the actor's mailbox thread and pipes the outcome back as a message,
/// so the actor stays responsive (progress, stop). Cancelled when the actor stops; the result of a cancelled
/// run is never delivered to a new incarnation.
/// </summary>
internal sealed class BackgroundWork : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private Task _running = Task.CompletedTask;

    public CancellationToken Token => _cancellation.Token;

    /// <summary>Starts <paramref name="work"/>; its result arrives as <see cref="WorkDone{T}"/>, its exception as <see cref="WorkFailed"/>.</summary>
    public void Start<T>(IActorRef self, string stage, Func<CancellationToken, T> work)
    {
        var token = _cancellation.Token;
        // Trainings block for hours: a dedicated thread each, not a thread-pool thread.
        var task = Task.Factory.StartNew(() => work(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _running = task;
        task.PipeTo(self, success: result => new WorkDone<T>(stage, result), failure: e => new WorkFailed(stage, e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e));
    }

    /// <summary>Runs <paramref name="cleanup"/> once nothing runs any more (now, or when the cancelled work ends).</summary>
    public void AfterCompletion(Action cleanup) => _running.ContinueWith(_ => cleanup(), TaskScheduler.Default);

    public void Dispose()
    {
        _cancellation.Cancel();
        _running.ContinueWith(_ => _cancellation.Dispose(), TaskScheduler.Default);
    }
}

internal sealed record WorkDone<T>(string Stage, T Result);

internal sealed record WorkFailed(string Stage, Exception Error);
