using ActorPipeline.Ml.Devices;

namespace ActorPipeline.Tests.Bench;

public sealed class CpuContentionTests
{
    // /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice, then one line per CPU.
    private static string ProcStat(long user, long system, long idle) =>
        $"cpu  {user} 0 {system} {idle} 0 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 12345\nctxt 99\n";

    // /proc/self/stat with a command name holding spaces and parentheses; utime and stime are fields 14 and 15.
    private static string SelfStat(long utime, long stime) =>
        $"4242 (dotnet (bench) x) R 1 4242 4242 0 -1 4194304 777 0 0 0 {utime} {stime} 0 0 20 0 30 0 123 456 789";

    [Fact]
    public void Parses_the_machine_counters_and_this_process_time()
    {
        var sample = CpuUsageSample.Parse(ProcStat(user: 100, system: 50, idle: 850), SelfStat(utime: 30, stime: 10));
        Assert.Equal(new CpuUsageSample(MachineBusyTicks: 150, MachineTotalTicks: 1000, CpuCount: 2, ProcessTicks: 40), sample);
    }

    [Fact]
    public void Only_this_process_busy_is_a_quiet_machine()
    {
        // 10 s on 2 CPUs = 2,000 ticks; this process used 1,900 of the 1,950 busy ones.
        var before = new CpuUsageSample(1_000, 10_000, 2, 500);
        var after = new CpuUsageSample(1_000 + 1_950, 10_000 + 2_000, 2, 500 + 1_900);
        var contention = CpuContention.Between(before, after);
        Assert.Equal(0.05, contention.OtherCpus, 6);
        Assert.False(contention.Busy);
    }

    [Fact]
    public void Another_process_taking_a_CPU_makes_the_machine_busy()
    {
        // Both CPUs busy the whole time, this process had one of them.
        var before = new CpuUsageSample(0, 0, 2, 0);
        var after = new CpuUsageSample(2_000, 2_000, 2, 1_000);
        var contention = CpuContention.Between(before, after);
        Assert.Equal(1.0, contention.OtherCpus, 6);
        Assert.True(contention.Busy);
        Assert.Equal("other processes used 1.00 of 2 CPUs", contention.Describe());
    }

    [Fact]
    public void No_time_passed_reads_as_no_contention()
    {
        var sample = new CpuUsageSample(5, 10, 2, 1);
        Assert.Equal(0, CpuContention.Between(sample, sample).OtherCpus);
    }

    [Fact]
    public void Text_not_in_the_kernel_format_is_refused()
    {
        Assert.Throws<FormatException>(() => CpuUsageSample.Parse("intr 1\n", SelfStat(1, 1)));
        Assert.Throws<FormatException>(() => CpuUsageSample.Parse(ProcStat(1, 1, 1), "4242 dotnet R 1"));
        Assert.Throws<FormatException>(() => CpuUsageSample.Parse(ProcStat(1, 1, 1).Replace("cpu  1", "cpu  x"), SelfStat(1, 1)));
    }
}
