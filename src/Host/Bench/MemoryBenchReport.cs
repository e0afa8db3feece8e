using System.Globalization;
using System.Text;
using ActorPipeline.Ml.Memory;
using ActorPipeline.Actors.Bench;

namespace ActorPipeline.Host.Bench;

/// <summary>The memory bench's table (one row per recorded step), its peak and its trends after warm-up.</summary>
public sealed class MemoryBenchReport(IReadOnlyList<MemorySample> samples, int? warmupSteps, int repetitions)
{
    private const double Megabyte = 1024 * 1024;

    public IReadOnlyList<MemorySample> Samples { get; } = samples;

    /// <summary>Steps left out of the trend: given, or the dense training and the first quarter of the rest.</summary>
    public int WarmupSteps { get; } = warmupSteps ?? Math.Max(1, samples.Count / 4);

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine($"{"step",5} {"time",8} {"RSS MB",8} {"managed",8} {"native",8} {"held free",9} {"mapped",8} {"arenas",6} {"tensors",8} {"threads",7}");
        foreach (var sample in Samples)
        {
            var m = sample.Memory;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Step,5} {sample.Elapsed.TotalSeconds,7:F0}s {m.ResidentBytes / Megabyte,8:F0} {m.ManagedHeapBytes / Megabyte,8:F0} " +
                $"{(m.Native?.InUseBytes ?? 0) / Megabyte,8:F0} {(m.Native?.FreeHeldBytes ?? 0) / Megabyte,9:F0} {(m.Native?.MappedBytes ?? 0) / Megabyte,8:F0} " +
                $"{m.Native?.Arenas ?? 0,6} {m.LiveTensors,8} {m.Threads,7}"));
        }
        return text.ToString();
    }

    public string Summary()
    {
        var text = new StringBuilder();
        if (Samples.Count == 0) return "no step was recorded: nothing to report\n";
        double peak = Samples.Max(s => s.Memory.PeakResidentBytes) / Megabyte;
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{Samples.Count} steps in {Samples[^1].Elapsed.TotalSeconds:F0} s ({repetitions} repetition(s)); peak RSS {peak:F0} MB (VmHWM); last RSS {Samples[^1].Memory.ResidentBytes / Megabyte:F0} MB"));
        var (trims, trimTime) = FreedMemory.Trims;
        var (collections, collectionTime) = FreedMemory.Collections;
        text.AppendLine(FreedMemory.Enabled
            ? string.Create(CultureInfo.InvariantCulture,
                $"between steps: {collections} managed collections ({collectionTime.TotalMilliseconds:F0} ms in all), {trims} native trims ({trimTime.TotalMilliseconds:F0} ms in all)")
            : "freed memory NOT given back between steps (--release-memory off)");
        var window = Samples.Skip(WarmupSteps).ToList();
        if (window.Count < 3)
        {
            text.AppendLine($"too few steps after the {WarmupSteps} warm-up steps for a trend");
            return text.ToString();
        }
        text.AppendLine($"trend over steps {window[0].Step}..{window[^1].Step} ({window.Count} samples, after {WarmupSteps} warm-up steps), per 100 steps:");
        Line(text, "RSS", window.Select(s => s.Memory.ResidentBytes / Megabyte), "MB");
        Line(text, "native in use", window.Select(s => (s.Memory.Native?.InUseBytes ?? 0) / Megabyte), "MB");
        Line(text, "managed heap", window.Select(s => s.Memory.ManagedHeapBytes / Megabyte), "MB");
        Line(text, "live tensors", window.Select(s => (double)s.Memory.LiveTensors), "");
        Line(text, "threads", window.Select(s => (double)s.Memory.Threads), "");
        return text.ToString();

        void Line(StringBuilder output, string name, IEnumerable<double> values, string unit)
        {
            var points = window.Zip(values, (s, v) => ((double)s.Step, v)).ToList();
            var trend = LinearTrend.Fit(points);
            output.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-14} {trend.Slope * 100,9:+0.0;-0.0} ± {trend.SlopeMargin95 * 100,7:F1} {unit,-2} (scatter ± {trend.ResidualStandardDeviation:F1}, mean {points.Average(p => p.Item2):F0}) {(trend.IsFlat ? "flat" : trend.Slope > 0 ? "CLIMBS" : "falls")}"));
        }
    }

    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("step,seconds,rss_bytes,peak_rss_bytes,managed_bytes,native_in_use_bytes,native_free_held_bytes,native_mapped_bytes,arenas,live_tensors,threads");
        foreach (var s in Samples)
        {
            var m = s.Memory;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Step},{s.Elapsed.TotalSeconds:F1},{m.ResidentBytes},{m.PeakResidentBytes},{m.ManagedHeapBytes},{m.Native?.InUseBytes},{m.Native?.FreeHeldBytes},{m.Native?.MappedBytes},{m.Native?.Arenas},{m.LiveTensors},{m.Threads}"));
        }
    }
}
