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
            var text = File.ReadAllText("/proc/self/stat");
            var rest = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(rest[7], CultureInfo.InvariantCulture); // field 10 of the line; the first after ')' is field 3
        }
        catch (IOException)
        {
            return null;
        }
    }
}
