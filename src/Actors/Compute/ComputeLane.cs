using System.Collections.Concurrent;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// One long-lived thread that runs a device slot's blocking compute (opening a repetition, training, probing, disposing),
/// one piece after the other, in the order they were posted.
/// <para>
/// Why not a fresh thread per piece: libtorch's CPU kernels run on a per-calling-thread OpenMP team and allocate through
/// glibc, whose per-thread arenas keep freed memory. A thread per training epoch or probe batch made a new team every
/// time and spread the big activation buffers over ever more arenas: resident memory climbed by gigabytes over a cifar10
/// repetition with no live tensor to show for it (`bench memory` shows both). One thread per slot keeps a slot's
/// allocations in one arena, made once, and freed where they were made.
/// </para>
/// </summary>
public sealed class ComputeLane : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;
    private readonly Action<Exception>? _cleanupFailed;
    private readonly Action? _idle;

    /// <param name="cleanupFailed">Told of a posted cleanup that threw (the lane goes on with the next piece).</param>
    /// <param name="idle">Runs on the lane each time it has run out of work (between a sweep's steps), e.g. to give freed memory back.</param>
    public ComputeLane(string name, Action<Exception>? cleanupFailed = null, Action? idle = null)
    {
        Name = name;
        _cleanupFailed = cleanupFailed;
        _idle = idle;
        _thread = new Thread(Drain) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public string Name { get; }

    /// <summary>What every lane's thread name starts with (and the OpenMP threads it starts inherit, in /proc/…/comm).</summary>
    public const string ThreadNamePrefix = "ap-lane";

    /// <summary>A slot's thread name: short, because Linux keeps 15 characters of it.</summary>
    public static string ThreadName(string device, int slot) => $"{ThreadNamePrefix} {device}/{slot}";

    /// <summary>Whether the calling code runs on this lane's thread.</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="work"/> on the lane after what was posted before it. Work whose token is cancelled before it
    /// starts does not run (its task is cancelled); work that is running decides itself when to look at the token.
    /// </summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellation = default)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (cancellation.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellation);
                return;
            }
            try
            {
                result.TrySetResult(work());
            }
            catch (OperationCanceledException e) when (e.CancellationToken == cancellation && cancellation.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellation);
            }
            catch (Exception e)
            {
                result.TrySetException(e);
            }
        });
        return result.Task;
    }

    /// <summary>
    /// Runs <paramref name="cleanup"/> on the lane after everything posted before it (e.g. disposing a repetition's tensors
    /// where they were made). After the lane was closed it runs on the caller's thread, so a cleanup is never lost.
    /// </summary>
    public void Post(Action cleanup)
    {
        try
        {
            _queue.Add(cleanup);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            cleanup();
        }
    }

    /// <summary>Takes no more work; the thread ends once what was posted has run. Waits for that at most <paramref name="wait"/>.</summary>
    public bool Close(TimeSpan wait)
    {
        _queue.CompleteAdding();
        return IsCurrentThread || _thread.Join(wait);
    }

    /// <summary>Closes the lane without waiting: running work finishes, queued work still runs, then the thread ends.</summary>
    public void Dispose() => Close(TimeSpan.Zero);

    private void Drain()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                // Run() reports its own failures; a posted cleanup that throws must not end the lane for the others.
                _cleanupFailed?.Invoke(e);
            }
            if (_queue.Count > 0 || _idle is null) continue;
            try
            {
                _idle();
            }
            catch (Exception e)
            {
                _cleanupFailed?.Invoke(e);
            }
        }
    }
}
