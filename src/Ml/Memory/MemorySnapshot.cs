using TorchSharp;

namespace ActorPipeline.Ml.Memory;

/// <summary>
/// Where a process's memory is at one moment, split the way a leak hunt needs it: resident (what the OS counts),
/// its high-water mark, managed heap, native allocator (in use vs. freed but held), live TorchSharp tensors and threads.
/// </summary>
public sealed record MemorySnapshot(
    long ResidentBytes, long PeakResidentBytes, long ManagedHeapBytes, MallocTotals? Native, long LiveTensors, int Threads)
{
    /// <summary>The current process, now. Reads /proc/self/status (RSS, threads) where there is one.</summary>
    public static MemorySnapshot Take()
    {
        var (rss, peak, threads) = ReadProcStatus();
        return new MemorySnapshot(
            rss ?? Environment.WorkingSet, peak ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GlibcMalloc.Totals(),
            torch.Tensor.TotalCount, threads ?? System.Diagnostics.Process.GetCurrentProcess().Threads.Count);
    }

    /// <summary>Resident bytes now, cheaply (/proc/self/statm; elsewhere the working set).</summary>
    public static long ResidentBytesNow()
    {
        const string path = "/proc/self/statm";
        if (!File.Exists(path)) return Environment.WorkingSet;
        var fields = File.ReadAllText(path).Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }

    private static (long? Rss, long? Peak, int? Threads) ReadProcStatus()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return (null, null, null);
        long? rss = null, peak = null;
        int? threads = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
            else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line[8..].Trim());
        }
        return (rss, peak, threads);
    }

    private static long Kilobytes(string line) => long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0]);
}
