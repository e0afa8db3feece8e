using System.Globalization;

namespace ActorPipeline.Ml.Devices;

/// <summary>
/// How much CPU other processes used while this one measured something: the machine's busy time between two
/// <see cref="CpuUsageSample"/>s minus this process's own, as an average number of CPUs. A CPU throughput measured
/// while others took a noticeable share is too low, and a cost plan built on it too long.
/// </summary>
public sealed record CpuContention(double OtherCpus, int CpuCount)
{
    /// <summary>Above this share of the machine's CPUs taken by others, a CPU measurement is called busy.</summary>
    public const double BusyShare = 0.10;

    public bool Busy => OtherCpus > BusyShare * CpuCount;

    public static CpuContention Between(CpuUsageSample before, CpuUsageSample after)
    {
        long total = after.MachineTotalTicks - before.MachineTotalTicks;
        if (total <= 0 || after.CpuCount != before.CpuCount) return new CpuContention(0, after.CpuCount);
        long others = (after.MachineBusyTicks - before.MachineBusyTicks) - (after.ProcessTicks - before.ProcessTicks);
        double wallTicks = (double)total / after.CpuCount; // the counters advance on every CPU at once
        return new CpuContention(Math.Max(0, others) / wallTicks, after.CpuCount);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"other processes used {OtherCpus:F2} of {CpuCount} CPUs");
}
