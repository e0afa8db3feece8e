using ActorPipeline.Actors.Compute;
using Akka.Actor;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>
/// Runs a worker's blocking compute on its slot's <see cref="ComputeLane"/> (off the actor's mailbox thread) and pipes
/// the outcome back as a message, so the actor stays responsive (progress, stop). Cancelled when the actor stops; the
/// result of a cancelled run is never delivered to a new incarnation.
/// </summary>
internal sealed class BackgroundWork : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public CancellationToken Token => _cancellation.Token;

    /// <summary>Starts <paramref name="work"/> on <paramref name="lane"/>; its result arrives as <see cref="WorkDone{T}"/>, its exception as <see cref="WorkFailed"/>.</summary>
    public Task<T> Start<T>(IActorRef self, ComputeLane lane, string stage, Func<CancellationToken, T> work) =>
        StartAsync(self, lane, stage, token => Task.FromResult(work(token)));

    /// <summary>
    /// Starts <paramref name="work"/>, whose blocking part runs on <paramref name="lane"/> and which may end by handing back
    /// a task of messages in flight (e.g. asks to other actors): the lane goes on with its next piece, no thread waits for
    /// those; the outcome is piped back.
    /// </summary>
    public Task<T> StartAsync<T>(IActorRef self, ComputeLane lane, string stage, Func<CancellationToken, Task<T>> work)
    {
        var token = _cancellation.Token;
        var task = lane.Run(() => work(token), token).Unwrap();
        Pipe(task, self, stage);
        return task;
    }

    /// <summary>Pipes a task that runs elsewhere (asks, nothing blocking) back as <see cref="WorkDone{T}"/> or <see cref="WorkFailed"/>.</summary>
    public static void Pipe<T>(Task<T> task, IActorRef self, string stage) =>
        task.PipeTo(self, success: result => new WorkDone<T>(stage, result),
            failure: e => new WorkFailed(stage, e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e));

    /// <summary>Cancels what runs or waits on the lane. The token source is left to the collector: work may still look at it.</summary>
    public void Dispose() => _cancellation.Cancel();
}

/// <summary>A background step's result; local to the actor that started it.</summary>
internal sealed record WorkDone<T>(string Stage, T Result) : INoSerializationVerificationNeeded;

/// <summary>A background step's failure; local to the actor that started it (it turns it into a plain report).</summary>
internal sealed record WorkFailed(string Stage, Exception Error) : INoSerializationVerificationNeeded
{
    /// <summary>One line for the journal and the terminal: the stage, the exception type and message.</summary>
    public string Describe() => $"{Stage} failed: {Error.GetType().Name}: {Error.Message}";

    /// <summary>The same step would fail the same way again: retrying cannot help.</summary>
    public bool IsDeterministic => Ml.DeterministicFailureException.IsIn(Error);
}
