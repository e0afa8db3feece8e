using System.Diagnostics;

namespace ActorPipeline.Ml.Memory;

/// <summary>
/// Gives the memory that libtorch's freed tensors leave in glibc's arenas back to the system, between steps.
/// <para>
/// Why: a step (a training, a probe pass) allocates and frees buffers of up to tens of megabytes. glibc serves those from
/// its arenas once its dynamic mmap threshold has risen (to 32 MiB), and keeps what is freed for reuse; holes between live
/// chunks are never returned by itself. Over a cifar10 repetition that held ~2 GB free against ~0.2 GB in use
/// (`bench memory`). malloc_trim(0) releases the free pages of every arena (madvise), so resident memory follows what is
/// live; done between steps, a step still reuses its own freed memory at full speed while it runs.
/// </para>
/// Thread-safe; the counts are for the benchmark's table.
/// </summary>
public static class FreedMemory
{
    private static long _releases;
    private static long _ticks;

    /// <summary>Off: <see cref="Release"/> does nothing (for `bench memory --release-memory off`, to measure what it saves).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Releases now; returns whether glibc gave anything back (false without glibc, or when not enabled).</summary>
    public static bool Release()
    {
        if (!Enabled || !GlibcMalloc.Available) return false;
        long start = Stopwatch.GetTimestamp();
        bool released = GlibcMalloc.Trim();
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _releases);
        return released;
    }

    /// <summary>How often <see cref="Release"/> ran in this process, and the time it took in all.</summary>
    public static (long Count, TimeSpan Time) Statistics => (Interlocked.Read(ref _releases), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks)));
}
