using System.Collections.Concurrent;
using ActorPipeline.Actors.Compute;

namespace ActorPipeline.Tests.Memory;

/// <summary>A device slot's compute thread: one thread, in order, cancellation before start, failures, cleanups after close, the idle hook.</summary>
public sealed class ComputeLaneTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Runs_every_piece_on_its_one_named_thread_in_the_order_posted()
    {
        using var lane = new ComputeLane(ComputeLane.ThreadName("cpu", 3));
        var seen = new ConcurrentQueue<(int Piece, int Thread, string? Name)>();
        var pieces = Enumerable.Range(0, 20).Select(i => lane.Run(() =>
        {
            seen.Enqueue((i, Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
            return i;
        })).ToList();

        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(pieces).WaitAsync(Wait));
        Assert.Equal(Enumerable.Range(0, 20), seen.Select(s => s.Piece));
        Assert.Single(seen.Select(s => s.Thread).Distinct());
        Assert.Equal("ap-lane cpu/3", seen.First().Name);
        Assert.NotEqual(Environment.CurrentManagedThreadId, seen.First().Thread);
    }

    [Fact]
    public async Task A_piece_cancelled_before_it_starts_never_runs_and_its_task_is_cancelled()
    {
        using var lane = new ComputeLane("test lane");
        using var blocker = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        var first = lane.Run(() => blocker.Wait(Wait));
        bool ran = false;
        var second = lane.Run(() => ran = true, cancellation.Token);

        cancellation.Cancel();
        blocker.Set();
        await first.WaitAsync(Wait);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Wait));
        Assert.True(second.IsCanceled);
        Assert.False(ran);
    }

    [Fact]
    public async Task A_failing_piece_fails_its_task_and_the_lane_goes_on()
    {
        using var lane = new ComputeLane("test lane");
        var failing = lane.Run<int>(() => throw new InvalidDataException("broken checkpoint"));
        var next = lane.Run(() => 42);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => failing.WaitAsync(Wait));
        Assert.Equal("broken checkpoint", error.Message);
        Assert.Equal(42, await next.WaitAsync(Wait));
    }

    [Fact]
    public async Task The_idle_hook_runs_on_the_lane_once_it_has_no_more_work_and_a_failing_cleanup_is_reported()
    {
        var idleThreads = new ConcurrentQueue<int>();
        var failures = new ConcurrentQueue<Exception>();
        using var blocker = new ManualResetEventSlim();
        using var lane = new ComputeLane("test lane", failures.Enqueue, () => idleThreads.Enqueue(Environment.CurrentManagedThreadId));
        var first = lane.Run(() =>
        {
            blocker.Wait(Wait);
            return Environment.CurrentManagedThreadId;
        });
        var second = lane.Run(() => 0);
        lane.Post(() => throw new IOException("cleanup failed"));
        blocker.Set();
        int laneThread = await first.WaitAsync(Wait);
        await second.WaitAsync(Wait);
        await Eventually(() => !idleThreads.IsEmpty && !failures.IsEmpty);

        // Three pieces were queued back to back: the lane was idle once, after the last, on its own thread.
        Assert.Equal([laneThread], idleThreads);
        Assert.Equal("cleanup failed", Assert.Single(failures).Message);
    }

    [Fact]
    public async Task After_closing_queued_work_still_runs_the_thread_ends_and_a_late_cleanup_runs_on_the_caller()
    {
        var lane = new ComputeLane("test lane");
        using var blocker = new ManualResetEventSlim();
        var running = lane.Run(() => blocker.Wait(Wait));
        var queued = lane.Run(() => 7);

        Assert.False(lane.Close(TimeSpan.Zero));
        blocker.Set();
        Assert.Equal(7, await queued.WaitAsync(Wait));
        Assert.True(lane.Close(Wait));

        int? cleanupThread = null;
        lane.Post(() => cleanupThread = Environment.CurrentManagedThreadId);
        Assert.Equal(Environment.CurrentManagedThreadId, cleanupThread);
        Assert.True(await running.WaitAsync(Wait));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(condition(), "the condition did not hold within 30 s");
    }
}
