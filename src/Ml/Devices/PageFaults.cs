using System.Globalization;

namespace ActorPipeline.Ml.Devices;

/// <summary>
/// This process's minor page faults so far (/proc/self/stat, field 10): each is a page the kernel had to map (and zero)
/// on first touch. A training step that allocates fresh memory every batch shows thousands per batch; a warm allocator
/// almost none. Linux only; null elsewhere.
/// </summary>
public static class PageFaults
{
    public static long? MinorSoFar()
    {
        try
        {
            if (!File.Exists("/proc/self/stat")) return null;
            return long.Parse(ProcSelfStat.Parse(File.ReadAllText("/proc/self/stat"))[10], CultureInfo.InvariantCulture); // minflt
        }
        catch (IOException)
        {
            return null;
        }
    }
}
