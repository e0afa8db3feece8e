using System.Globalization;

namespace ActorPipeline.Ml.Devices;

/// <summary>
/// CPU time counters at one moment, in clock ticks: the machine's busy and total time summed over all CPUs (the first
/// line of /proc/stat) and this process's own user + system time (/proc/self/stat). Two samples tell how much of the
/// machine other processes used in between (<see cref="CpuContention"/>). Linux only; elsewhere <see cref="TryRead"/> is null.
/// </summary>
public sealed record CpuUsageSample(long MachineBusyTicks, long MachineTotalTicks, int CpuCount, long ProcessTicks)
{
    public static CpuUsageSample? TryRead()
    {
        try
        {
            if (!File.Exists("/proc/stat") || !File.Exists("/proc/self/stat")) return null;
            return Parse(File.ReadAllText("/proc/stat"), File.ReadAllText("/proc/self/stat"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Parses the text of /proc/stat and /proc/self/stat; a clear error when either is not in the kernel's format.</summary>
    public static CpuUsageSample Parse(string procStat, string procSelfStat)
    {
        var lines = procStat.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var total = lines.FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            ?? throw new FormatException("/proc/stat has no aggregate \"cpu \" line.");
        int cpus = lines.Count(l => l.Length > 3 && l.StartsWith("cpu", StringComparison.Ordinal) && char.IsDigit(l[3]));
        if (cpus == 0) throw new FormatException("/proc/stat has no per-CPU \"cpuN\" lines.");
        // user nice system idle iowait irq softirq steal [guest guest_nice: already inside user and nice]
        var fields = total.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(ParseTicks).ToArray();
        if (fields.Length < 5) throw new FormatException($"/proc/stat's cpu line has {fields.Length} counters; at least 5 expected.");
        long idle = fields[3] + fields[4];
        long all = fields.Sum();

        var process = ProcSelfStat.Parse(procSelfStat);
        if (process.Count < 15) throw new FormatException("/proc/self/stat is too short to hold utime and stime.");
        long own = ParseTicks(process[14]) + ParseTicks(process[15]); // utime, stime
        return new CpuUsageSample(all - idle, all, cpus, own);
    }

    private static long ParseTicks(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw new FormatException($"\"{text}\" is not a CPU tick counter.");
}
