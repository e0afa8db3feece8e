using System.Diagnostics;

namespace ActorPipeline.Ml.Memory;

/// <summary>
/// Between steps, gives back what the steps left behind: managed garbage once there is enough of it, and the native memory
/// glibc holds free once the process has grown enough for that to pay.
/// <para>
/// Why: a similarity measurement leaves ~190 MB of large-object garbage (covariance blocks, the eigensolvers' matrices)
/// that the collector, left alone, let pile up to ~0.9 GB before a full collection; a blocking full collection between
/// steps costs milliseconds (the live managed heap is mostly the images' byte arrays, which hold no references). Native
/// buffers of up to tens of megabytes are served from glibc's arenas (see <see cref="NativeAllocatorSettings"/>), which
/// keep what is freed for the next step's reuse; malloc_trim(0) hands the free pages of every arena back (madvise).
/// </para>
/// <para>
/// When to trim, measured on the quick sweep (one after the other on a 2-core machine): never 168–176 s, peak 2.35–2.61 GB;
/// after every step 200 s, 1.81 GB (each step then faults its pages in afresh); collecting every step and trimming only once
/// resident memory grew by <see cref="GrowthAllowance"/> since the last trim: 181 s, 1.83 GB; collecting only once the
/// managed heap grew by <see cref="ManagedGrowthAllowance"/> (so that many small pieces, as in the tests, do not each pay a
/// full collection): 187 s, 1.94 GB.
/// </para>
/// Thread-safe; the counts are for the benchmark's table.
/// </summary>
public static class FreedMemory
{
    private static readonly Lock Gate = new();
    private static long _residentAfterTrim;
    private static long _managedAfterCollection;
    private static long _collections, _collectionTicks;
    private static long _trims, _trimTicks;

    /// <summary>Off: nothing is released (for `bench memory --release-memory off`, to measure what it saves).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Managed heap growth (garbage included) since the last collection that makes a collection worth it: a similarity
    /// measurement leaves ~190 MB; a training step or a small test piece far less, and is not worth a full collection.</summary>
    public const long ManagedGrowthAllowance = 128L << 20;

    /// <summary>How far resident memory may grow past its level after the last trim: 512 MiB, or half that level if more.</summary>
    public static long GrowthAllowance(long residentAfterTrim) => Math.Max(512L << 20, residentAfterTrim / 2);

    /// <summary>
    /// Between steps: collects the managed garbage (a blocking full collection, no compaction) if the managed heap grew by
    /// <see cref="ManagedGrowthAllowance"/> since the last one, then trims native memory if resident memory grew past the
    /// allowance since the last trim (the first call only sets the level). Returns whether it trimmed.
    /// </summary>
    public static bool ReleaseIfGrown()
    {
        if (!Enabled) return false;
        lock (Gate)
        {
            if (GC.GetTotalMemory(forceFullCollection: false) - _managedAfterCollection >= ManagedGrowthAllowance)
            {
                Timed(() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false), ref _collections, ref _collectionTicks);
                _managedAfterCollection = GC.GetTotalMemory(forceFullCollection: false);
            }
            long resident = MemorySnapshot.ResidentBytesNow();
            if (_residentAfterTrim == 0)
            {
                _residentAfterTrim = resident;
                return false;
            }
            if (resident - _residentAfterTrim < GrowthAllowance(_residentAfterTrim)) return false;
            Timed(() => GlibcMalloc.Trim(), ref _trims, ref _trimTicks);
            _residentAfterTrim = MemorySnapshot.ResidentBytesNow();
            return true;
        }
    }

    /// <summary>How often the managed garbage was collected between steps, and the time it took in all.</summary>
    public static (long Count, TimeSpan Time) Collections => Read(ref _collections, ref _collectionTicks);

    /// <summary>How often native memory was trimmed in this process, and the time it took in all.</summary>
    public static (long Count, TimeSpan Time) Trims => Read(ref _trims, ref _trimTicks);

    private static void Timed(Action action, ref long count, ref long ticks)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref count);
    }

    private static (long Count, TimeSpan Time) Read(ref long count, ref long ticks) =>
        (Interlocked.Read(ref count), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks)));
}
